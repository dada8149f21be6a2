/**
 * The evidence list's unfiltered total comes from a count the database keeps with triggers
 * (no count of a million rows on the start path): it follows every insert, tombstone, restore
 * and hard delete, and equals a real count.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../../src-main/core/core';
import { LOCAL_ORG_ID } from '../../../../src-shared/domain/common';
import { tempDir } from '../../../support/temp-dir';
import { seedEvidence } from '../dashboard/seed';

let dir: ReturnType<typeof tempDir>;
let core: Core;
const ctx = { actor: 'local' };
beforeEach(() => {
  dir = tempDir();
  core = createCore({ dataDir: dir.path, log: { error: () => undefined } });
});
afterEach(() => {
  core.close();
  dir.remove();
});

const listedTotal = async () => {
  const result = await core.router.call('evidence', 'list', { offset: 0, limit: 1 }, ctx);
  if (!result.ok) throw new Error(result.error.message);
  return (result.value as { total: number }).total;
};
const counted = () =>
  core.db.prepare('SELECT count(*) FROM evidence WHERE org_id = ? AND deleted_at IS NULL').pluck().get(LOCAL_ORG_ID);

describe('evidence live count', () => {
  it('follows inserts, tombstones, restores and deletes', async () => {
    expect(await listedTotal()).toBe(0);
    const a = seedEvidence(core, { title: 'A' });
    const b = seedEvidence(core, { title: 'B' });
    seedEvidence(core, { title: 'Gone', deleted: true });
    expect(await listedTotal()).toBe(2);
    expect((await core.router.call('evidence', 'delete', { id: a.id }, ctx)).ok).toBe(true);
    expect(await listedTotal()).toBe(1);
    expect((await core.router.call('evidence', 'restore', { id: a.id }, ctx)).ok).toBe(true);
    expect(await listedTotal()).toBe(2);
    core.db.prepare('DELETE FROM evidence WHERE id = ?').run(b.id);
    expect(await listedTotal()).toBe(1);
    // Another organization's rows (a synced workspace beside it) are counted apart.
    core.db
      .prepare(
        `INSERT INTO evidence (id, org_id, title, sha256, file_name, mime_type, size_bytes, as_of_date, created_at, updated_at, updated_by)
         VALUES (?, ?, 'Other org', ?, 'x.pdf', 'application/pdf', 1, '2026-01-01', '2026-01-01', '2026-01-01', 'x')`,
      )
      .run(randomUUID(), randomUUID(), 'b'.repeat(64));
    expect(await listedTotal()).toBe(1);
    expect(await listedTotal()).toBe(counted());
  });
});
