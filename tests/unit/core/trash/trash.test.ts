/**
 * The Trash through the real router on a real replica: every delete (policy, evidence, audit,
 * framework) lands there with who deleted it, a restore brings the record back into its list
 * (a framework with its controls), and emptying makes the deletions final.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openHarness, type Harness } from '../policies/harness';
import { stagedId } from '../../../support/staged-file';

const tiny = readFileSync(path.resolve(__dirname, '../../../fixtures/oscal/tiny-catalog.json'), 'utf8');
const png = readFileSync(path.resolve(__dirname, '../../../fixtures/evidence/mfa-settings.png'));

let h: Harness;
beforeEach(() => {
  h = openHarness('2026-03-10T09:00:00.000Z');
});
afterEach(() => h.close());

async function deleteOneOfEach() {
  const policy = await h.ok('policies', 'create', { title: 'Access Control Policy' });
  const evidence = await h.ok('evidence', 'add', {
    title: 'MFA settings screenshot',
    stagedFileId: await stagedId(h.core, png, 'mfa-settings.png'),
    asOfDate: '2026-03-01',
  });
  const { frameworkId } = await h.ok('frameworks', 'importFile', { fileName: 'tiny.json', content: tiny });
  const audit = await h.ok('audits', 'create', {
    title: 'SOC 2 2026',
    frameworkId,
    windowStart: '2026-01-01',
    windowEnd: '2026-06-30',
    auditors: ['Ana'],
  });
  h.setNow('2026-03-11T09:00:00.000Z');
  await h.ok('policies', 'delete', { id: policy.id }, 'Dana Reyes');
  await h.ok('evidence', 'delete', { id: evidence.id }, 'Dana Reyes');
  await h.ok('audits', 'delete', { id: audit.id }, 'Dana Reyes');
  await h.ok('frameworks', 'delete', { id: frameworkId }, 'Dana Reyes');
  return { policy, evidence, audit, frameworkId };
}

const liveControls = (h: Harness, frameworkId: string) =>
  h.core.db.prepare('SELECT count(*) FROM controls WHERE framework_id = ? AND deleted_at IS NULL').pluck().get(frameworkId);

describe('trash', () => {
  it('lists every deleted record, newest first, with who deleted it', async () => {
    const { policy, evidence, audit, frameworkId } = await deleteOneOfEach();
    const trash = await h.ok('trash', 'list', {});
    expect(trash.total).toBe(4);
    expect(trash.items.map((i) => [i.kind, i.id, i.title, i.deletedBy])).toEqual([
      ['framework', frameworkId, expect.any(String), 'Dana Reyes'],
      ['audit', audit.id, 'SOC 2 2026', 'Dana Reyes'],
      ['evidence', evidence.id, 'MFA settings screenshot', 'Dana Reyes'],
      ['policy', policy.id, 'Access Control Policy', 'Dana Reyes'],
    ]);
  });

  it('restores each kind into its own list, a framework with its controls', async () => {
    const { policy, evidence, audit, frameworkId } = await deleteOneOfEach();
    expect(liveControls(h, frameworkId)).toBe(0);
    for (const [kind, id] of [
      ['policy', policy.id],
      ['evidence', evidence.id],
      ['audit', audit.id],
      ['framework', frameworkId],
    ] as const) {
      await h.ok('trash', 'restore', { kind, id });
    }
    expect((await h.ok('trash', 'list', {})).total).toBe(0);
    expect((await h.ok('policies', 'list', {})).items.map((p) => p.id)).toEqual([policy.id]);
    expect((await h.ok('evidence', 'list', {})).items.map((e) => e.id)).toEqual([evidence.id]);
    expect((await h.ok('audits', 'list', {})).items.map((a) => a.id)).toEqual([audit.id]);
    expect((await h.ok('frameworks', 'list', {})).items.map((f) => f.id)).toEqual([frameworkId]);
    expect(liveControls(h, frameworkId)).toBeGreaterThan(0);
    // Each restore is in the record's trail.
    const trail = await h.ok('trail', 'forRecord', { table: 'audits', id: audit.id });
    expect(trail.events[0].changes).toContainEqual({ field: 'deleted_at', before: expect.any(String), after: null });
  });

  it('refuses to restore a framework whose catalog was imported again, and changes nothing', async () => {
    const { frameworkId } = await deleteOneOfEach();
    await h.ok('frameworks', 'importFile', { fileName: 'tiny.json', content: tiny });
    const error = await h.fails('trash', 'restore', { kind: 'framework', id: frameworkId });
    expect(error.code).toBe('CONFLICT');
    expect(error.message).toMatch(/imported again/);
    expect((await h.ok('frameworks', 'list', {})).total).toBe(1);
    expect(liveControls(h, frameworkId)).toBe(0);
  });

  it('emptying makes the deletions final: nothing listed, nothing restorable, later deletes still arrive', async () => {
    const { policy } = await deleteOneOfEach();
    expect(await h.ok('trash', 'empty', {})).toEqual({ emptied: 4 });
    expect((await h.ok('trash', 'list', {})).items).toEqual([]);
    const error = await h.fails('trash', 'restore', { kind: 'policy', id: policy.id });
    expect(error.code).toBe('NOT_FOUND');
    expect(error.message).toBe(
      'The policy “Access Control Policy” was removed when the Trash was emptied; it can no longer be restored.',
    );

    h.setNow('2026-03-12T09:00:00.000Z');
    const later = await h.ok('policies', 'create', { title: 'Logging Policy' });
    await h.ok('policies', 'delete', { id: later.id });
    expect((await h.ok('trash', 'list', {})).items.map((i) => i.title)).toEqual(['Logging Policy']);
  });

  it('a live record is not in the Trash', async () => {
    const policy = await h.ok('policies', 'create', { title: 'Live Policy' });
    const error = await h.fails('trash', 'restore', { kind: 'policy', id: policy.id });
    expect(error).toEqual({ code: 'NOT_FOUND', message: `There is no policy with id ${policy.id} in the Trash.` });
  });
});
