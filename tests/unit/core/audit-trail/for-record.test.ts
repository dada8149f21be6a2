/** The trail of one record: who, when, which action, and each changed field before → after. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { syncedTables } from '../../../../src-main/core/db/migrations';
import { TrailTable } from '../../../../src-shared/domain/trail';
import { ErrorCode } from '../../../../src-shared/errors';
import { snapshot } from '../../../support/db-snapshot';
import { openHarness, type Harness } from '../policies/harness';

let h: Harness;
beforeEach(() => {
  h = openHarness();
});
afterEach(() => h.close());

describe('trail.forRecord', () => {
  it('lists a policy’s events newest first, with the changed fields before → after', async () => {
    const policy = await h.ok('policies', 'create', { title: 'Access Control Policy', owner: 'Dana' }, 'dana');
    await h.ok('policies', 'update', { id: policy.id, owner: 'Sam' }, 'sam');
    await h.ok('policies', 'submitForReview', { id: policy.id }, 'sam');
    const { events, total } = await h.ok('trail', 'forRecord', { table: 'policies', id: policy.id });
    expect(total).toBe(3);
    expect(events.map((e) => [e.action, e.actor])).toEqual([
      ['update', 'sam'],
      ['update', 'sam'],
      ['create', 'dana'],
    ]);
    expect(events[0].changes).toEqual([{ field: 'status', before: 'draft', after: 'in_review' }]);
    expect(events[1].changes).toEqual([{ field: 'owner', before: 'Dana', after: 'Sam' }]);
    expect(events[2].changes).toContainEqual({ field: 'title', before: null, after: 'Access Control Policy' });
    expect(events[2].changes.map((c) => c.field)).not.toContain('org_id');
    const page = await h.ok('trail', 'forRecord', { table: 'policies', id: policy.id, offset: 1, limit: 1 });
    expect(page.events.map((e) => e.seq)).toEqual([events[1].seq]);
  });

  it('shows a long body change as an excerpt around the edit', async () => {
    const long = `${'Intro sentence. '.repeat(100)}Passwords have 8 characters.${' Closing text.'.repeat(100)}`;
    const policy = await h.ok('policies', 'create', { title: 'P', body: long });
    await h.ok('policies', 'update', { id: policy.id, body: long.replace('8 characters', '14 characters') });
    const { events } = await h.ok('trail', 'forRecord', { table: 'policies', id: policy.id });
    const body = events[0].changes.find((c) => c.field === 'body')!;
    expect(body.before).toMatch(/^….*8 characters.*…$/);
    expect(body.after).toMatch(/^….*14 characters.*…$/);
    expect(String(body.after).length).toBeLessThan(400);
  });

  it('refuses a table outside the fixed list (no SQL from input) and malformed ids, changing nothing', async () => {
    const policy = await h.ok('policies', 'create', { title: 'P' });
    const before = snapshot(h.core.db);
    for (const table of ['audit_events', 'outbox', 'policies; DROP TABLE policies', 'sqlite_schema']) {
      expect((await h.fails('trail', 'forRecord', { table, id: policy.id })).code).toBe(ErrorCode.InvalidInput);
    }
    expect((await h.fails('trail', 'forRecord', { table: 'policies', id: "' OR 1=1" })).code).toBe(ErrorCode.InvalidInput);
    expect((await h.fails('trail', 'verify', { extra: true })).code).toBe(ErrorCode.InvalidInput);
    expect(snapshot(h.core.db)).toEqual(before);
  });

  it('the list of trail tables is exactly the replica’s synced tables', () => {
    expect([...TrailTable.options].sort()).toEqual([...syncedTables].sort());
  });
});
