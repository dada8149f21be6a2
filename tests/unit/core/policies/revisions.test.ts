/** Every save of a policy's text is a revision; any two revisions compare as a line diff. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ErrorCode } from '../../../../src-shared/errors';
import { snapshot } from '../../../support/db-snapshot';
import { openHarness, type Harness } from './harness';

let h: Harness;
beforeEach(() => {
  h = openHarness();
});
afterEach(() => h.close());

const revisionRows = (policyId: string) =>
  h.core.db.prepare('SELECT * FROM policy_revisions WHERE policy_id = ? ORDER BY rowid').all(policyId) as {
    id: string;
    title: string;
    body: string;
    version_major: number;
    version_minor: number;
    base_revision_id: string | null;
    updated_by: string;
  }[];

describe('revisions', () => {
  it('create makes the first revision, v1.0, and the policy points at it', async () => {
    const policy = await h.ok('policies', 'create', { title: 'Access Control Policy', body: 'Line one' });
    const rows = revisionRows(policy.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      title: 'Access Control Policy',
      body: 'Line one',
      version_major: 1,
      version_minor: 0,
      base_revision_id: null,
    });
    expect(policy).toMatchObject({ currentRevisionId: rows[0].id, versionMajor: 1, versionMinor: 0, status: 'draft' });
  });

  it('each text save adds a revision based on the one it was edited from, with outbox entries and trail events for both rows', async () => {
    const policy = await h.ok('policies', 'create', { title: 'P', body: 'a' });
    const second = await h.ok(
      'policies',
      'update',
      { id: policy.id, body: 'a\nb', baseRevisionId: policy.currentRevisionId },
      'dana',
    );
    const third = await h.ok('policies', 'update', { id: policy.id, title: 'P2' });
    const rows = revisionRows(policy.id);
    expect(rows.map((r) => r.base_revision_id)).toEqual([null, rows[0].id, rows[1].id]);
    expect(rows[1]).toMatchObject({ body: 'a\nb', updated_by: 'dana' });
    expect(second.currentRevisionId).toBe(rows[1].id);
    expect(third.currentRevisionId).toBe(rows[2].id);

    const outbox = h.core.db
      .prepare("SELECT table_name, op FROM outbox WHERE table_name IN ('policies', 'policy_revisions') ORDER BY seq")
      .all();
    expect(outbox).toEqual([
      { table_name: 'policies', op: 'insert' },
      { table_name: 'policy_revisions', op: 'insert' },
      { table_name: 'policy_revisions', op: 'insert' },
      { table_name: 'policies', op: 'update' },
      { table_name: 'policy_revisions', op: 'insert' },
      { table_name: 'policies', op: 'update' },
    ]);
    const trail = h.core.db.prepare("SELECT count(*) AS n FROM audit_events WHERE record_table = 'policy_revisions'").get() as {
      n: number;
    };
    expect(trail.n).toBe(3);
  });

  it('a save that changes only the owner or review date makes no revision; a save that changes nothing writes nothing', async () => {
    const policy = await h.ok('policies', 'create', { title: 'P', body: 'a' });
    await h.ok('policies', 'update', { id: policy.id, owner: 'Dana', nextReviewDate: '2027-01-01' });
    expect(revisionRows(policy.id)).toHaveLength(1);
    const before = snapshot(h.core.db);
    await h.ok('policies', 'update', { id: policy.id, title: 'P', body: 'a' });
    expect(snapshot(h.core.db).outbox).toEqual(before.outbox);
    expect(snapshot(h.core.db).policy_revisions).toEqual(before.policy_revisions);
  });

  it('lists revisions newest first without bodies, in pages, and returns one with its body', async () => {
    const policy = await h.ok('policies', 'create', { title: 'P', body: 'v1' });
    for (const body of ['v2', 'v3', 'v4']) await h.ok('policies', 'update', { id: policy.id, body });
    const page = await h.ok('policies', 'revisions', { policyId: policy.id, limit: 2 });
    expect(page.total).toBe(4);
    expect(page.items).toHaveLength(2);
    expect(page.items[0]).not.toHaveProperty('body');
    const rest = await h.ok('policies', 'revisions', { policyId: policy.id, offset: 2, limit: 2 });
    const ids = [...page.items, ...rest.items].map((r) => r.id);
    const bodies = await Promise.all(ids.map(async (id) => (await h.ok('policies', 'revision', { id })).body));
    expect(bodies).toEqual(['v4', 'v3', 'v2', 'v1']);
  });

  it('diffs any two revisions as hunks of added, removed and context lines with line numbers', async () => {
    const lines = Array.from({ length: 20 }, (_, i) => `line ${i + 1}`);
    const policy = await h.ok('policies', 'create', { title: 'P', body: lines.join('\n') });
    const edited = [...lines];
    edited[2] = 'line three, reworded';
    edited.splice(15, 1);
    edited.push('a new last line');
    const after = await h.ok('policies', 'update', { id: policy.id, title: 'P (2026)', body: edited.join('\n') });
    const diff = await h.ok('policies', 'diff', {
      fromRevisionId: policy.currentRevisionId,
      toRevisionId: after.currentRevisionId,
    });
    expect(diff.titleChanged).toBe(true);
    expect(diff.added).toBe(2);
    expect(diff.removed).toBe(2);
    expect(diff.hunks).toHaveLength(2);
    const first = diff.hunks[0].lines;
    expect(first).toContainEqual({ kind: 'removed', text: 'line 3', oldLine: 3, newLine: null });
    expect(first).toContainEqual({ kind: 'added', text: 'line three, reworded', oldLine: null, newLine: 3 });
    expect(first).toContainEqual({ kind: 'context', text: 'line 2', oldLine: 2, newLine: 2 });
    const second = diff.hunks[1].lines;
    expect(second).toContainEqual({ kind: 'removed', text: 'line 16', oldLine: 16, newLine: null });
    expect(second).toContainEqual({ kind: 'added', text: 'a new last line', oldLine: null, newLine: 20 });

    const reverse = await h.ok('policies', 'diff', {
      fromRevisionId: after.currentRevisionId,
      toRevisionId: policy.currentRevisionId,
    });
    expect([reverse.added, reverse.removed]).toEqual([2, 2]);
    const same = await h.ok('policies', 'diff', {
      fromRevisionId: policy.currentRevisionId,
      toRevisionId: policy.currentRevisionId,
    });
    expect(same.hunks).toEqual([]);
  });

  it('refuses a diff across two policies, unknown revisions and malformed ids, changing nothing', async () => {
    const a = await h.ok('policies', 'create', { title: 'A' });
    const b = await h.ok('policies', 'create', { title: 'B' });
    const before = snapshot(h.core.db);
    expect(
      (await h.fails('policies', 'diff', { fromRevisionId: a.currentRevisionId, toRevisionId: b.currentRevisionId })).code,
    ).toBe(ErrorCode.InvalidInput);
    expect((await h.fails('policies', 'revision', { id: crypto.randomUUID() })).code).toBe(ErrorCode.NotFound);
    expect((await h.fails('policies', 'revisions', { policyId: "x' OR 1=1 --" })).code).toBe(ErrorCode.InvalidInput);
    expect((await h.fails('policies', 'revisions', { policyId: a.id, limit: 501 })).code).toBe(ErrorCode.InvalidInput);
    expect(snapshot(h.core.db)).toEqual(before);
  });

  it('a stale edit (started from an older revision) is a CONFLICT and changes nothing', async () => {
    const policy = await h.ok('policies', 'create', { title: 'P', body: 'original' });
    await h.ok('policies', 'update', {
      id: policy.id,
      body: 'edited in another window',
      baseRevisionId: policy.currentRevisionId,
    });
    const before = snapshot(h.core.db);
    const error = await h.fails('policies', 'update', {
      id: policy.id,
      body: 'my edit',
      baseRevisionId: policy.currentRevisionId,
    });
    expect(error.code).toBe(ErrorCode.Conflict);
    expect(error.message).toMatch(/changed since you opened it/);
    expect(snapshot(h.core.db)).toEqual(before);
  });
});
