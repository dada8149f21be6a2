/**
 * The figures the dashboard keeps instead of recounting on every start (migration 0020): the
 * readiness snapshot and the overdue-policy counts per review day. Through app writes and through
 * rows written by plain SQL, as sync applies pulled rows, each kept answer must equal the answer
 * computed from scratch; and the snapshot must really be what the dashboard read.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../../src-main/core/core';
import { frameworkReadiness } from '../../../../src-main/core/frameworks/readiness';
import { LOCAL_ORG_ID } from '../../../../src-shared/domain/common';
import type { DashboardSummary } from '../../../../src-shared/domain/dashboard';
import { tempDir } from '../../../support/temp-dir';
import { seedControl, seedFramework } from './seed';
import { stagedId } from '../../../support/staged-file';

let dir: ReturnType<typeof tempDir>;
let core: Core;
let now = '2026-03-10T09:30:00.000Z';
const ctx = { actor: 'local' };
const AT = '2026-01-01T00:00:00.000Z';

beforeEach(() => {
  dir = tempDir();
  now = '2026-03-10T09:30:00.000Z';
  core = createCore({ dataDir: dir.path, now: () => now, log: { error: () => undefined } });
});
afterEach(() => {
  core.close();
  dir.remove();
});

async function call<T>(ns: string, method: string, input: unknown): Promise<T> {
  const result = await core.router.call(ns as never, method as never, input as never, ctx);
  if (!result.ok) throw new Error(result.error.message);
  return result.value as T;
}

function restart() {
  core.close();
  core = createCore({ dataDir: dir.path, now: () => now, log: { error: () => undefined } });
}

const summary = () => call<DashboardSummary>('dashboard', 'summary', {});
const snapshots = () => core.db.prepare('SELECT count(*) FROM readiness_snapshots').pluck().get() as number;

/** The dashboard's answer, then the same answer with nothing kept: both must agree. */
async function keptAndFresh() {
  const kept = await summary();
  expect(snapshots()).toBe(1);
  core.db.exec('DELETE FROM readiness_snapshots');
  const fresh = await summary();
  expect(kept.frameworks).toEqual(fresh.frameworks);
  expect(kept.overduePolicies).toEqual(fresh.overduePolicies);
  return kept;
}

/** Readiness as the dashboard reads it, inside the caller's transaction (the snapshot included). */
const frameworkReadinessNow = () => ({ frameworks: frameworkReadiness(core.db, LOCAL_ORG_ID, '2026-03-10') });

const figures = (s: Pick<DashboardSummary, 'frameworks'>) =>
  s.frameworks.map(({ applicable, implemented, ready }) => ({ applicable, implemented, ready }));

const addEvidence = async (controlIds: string[], expiresOn: string | null = '2026-12-31') =>
  call<{ id: string }>('evidence', 'add', {
    title: `Evidence ${randomUUID().slice(0, 8)}`,
    stagedFileId: await stagedId(core, randomUUID(), 'scan.txt'),
    asOfDate: '2026-03-01',
    expiresOn,
    controlIds,
  });

describe('the readiness snapshot', () => {
  it('is read on the next start and follows every app write that changes readiness', async () => {
    const fw = seedFramework(core, 'NIST Moderate');
    const ac1 = seedControl(core, fw, { key: 'ac-1', title: 'Policy', status: 'implemented' });
    const ac2 = seedControl(core, fw, { key: 'ac-2', title: 'Accounts', status: 'in_progress' });
    seedControl(core, fw, { key: 'ac-3', title: 'Enforcement', status: 'not_applicable' });
    restart(); // gives the seeded controls their shared implementations (a write: snapshot emptied)
    expect(figures(await keptAndFresh())).toEqual([{ applicable: 2, implemented: 1, ready: 0 }]);

    // Kept across a restart with nothing changed: the next core reads what the last one wrote.
    await summary();
    restart();
    expect(snapshots()).toBe(1);

    const evidence = await addEvidence([ac1]);
    expect(snapshots()).toBe(0);
    expect(figures(await keptAndFresh())).toEqual([{ applicable: 2, implemented: 1, ready: 1 }]);

    await call('controls', 'update', { id: ac2, status: 'implemented' });
    expect(figures(await keptAndFresh())).toEqual([{ applicable: 2, implemented: 2, ready: 1 }]);

    await call('evidence', 'linkControl', { evidenceId: evidence.id, controlId: ac2 });
    expect(figures(await keptAndFresh())).toEqual([{ applicable: 2, implemented: 2, ready: 2 }]);

    await call('evidence', 'update', { id: evidence.id, expiresOn: '2026-03-01' });
    expect(figures(await keptAndFresh())).toEqual([{ applicable: 2, implemented: 2, ready: 0 }]);

    await call('evidence', 'update', { id: evidence.id, expiresOn: null });
    await call('evidence', 'unlinkControl', { evidenceId: evidence.id, controlId: ac2 });
    expect(figures(await keptAndFresh())).toEqual([{ applicable: 2, implemented: 2, ready: 1 }]);

    await call('evidence', 'delete', { id: evidence.id });
    expect(figures(await keptAndFresh())).toEqual([{ applicable: 2, implemented: 2, ready: 0 }]);

    await call('trash', 'restore', { kind: 'evidence', id: evidence.id });
    expect(figures(await keptAndFresh())).toEqual([{ applicable: 2, implemented: 2, ready: 1 }]);

    await call('frameworks', 'archive', { id: fw, archived: true });
    expect(figures(await keptAndFresh())).toEqual([]);
    await call('frameworks', 'archive', { id: fw, archived: false });
    expect(figures(await keptAndFresh())).toEqual([{ applicable: 2, implemented: 2, ready: 1 }]);
  });

  it('follows rows written by plain SQL, as sync applies pulled rows', async () => {
    const fw = seedFramework(core, 'NIST Low');
    core.db.prepare(`UPDATE frameworks SET catalog_source = 'nist-800-53r5' WHERE id = ?`).run(fw);
    const ac1 = seedControl(core, fw, { key: 'ac-1', title: 'Policy', status: 'not_started' });
    expect(figures(await keptAndFresh())).toEqual([{ applicable: 1, implemented: 0, ready: 0 }]);

    // A pulled implementation marks the shared control implemented.
    const implementation = randomUUID();
    core.db
      .prepare(
        `INSERT INTO control_implementations (id, org_id, catalog_source, control_key, status, created_at, updated_at, updated_by)
         VALUES (?, ?, 'nist-800-53r5', 'ac-1', 'implemented', ?, ?, 'other-device')`,
      )
      .run(implementation, LOCAL_ORG_ID, AT, AT);
    expect(figures(await keptAndFresh())).toEqual([{ applicable: 1, implemented: 1, ready: 0 }]);

    // A pulled link arrives before its evidence row, in one page with foreign keys deferred.
    const evidenceId = randomUUID();
    const link = randomUUID();
    core.db.transaction(() => {
      core.db.pragma('defer_foreign_keys = ON');
      core.db
        .prepare(
          `INSERT INTO evidence_controls (id, org_id, evidence_id, control_id, created_at, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, 'other-device')`,
        )
        .run(link, LOCAL_ORG_ID, evidenceId, ac1, AT, AT);
      expect(figures(frameworkReadinessNow())).toEqual([{ applicable: 1, implemented: 1, ready: 0 }]);
      core.db
        .prepare(
          `INSERT INTO evidence (id, org_id, title, sha256, size_bytes, as_of_date, expires_on, created_at, updated_at, updated_by)
           VALUES (?, ?, 'Pulled scan', ?, 1, '2026-03-01', '2026-06-30', ?, ?, 'other-device')`,
        )
        .run(evidenceId, LOCAL_ORG_ID, 'a'.repeat(64), AT, AT);
    })();
    expect(figures(await keptAndFresh())).toEqual([{ applicable: 1, implemented: 1, ready: 1 }]);

    // Tombstones pulled for the link, then the implementation set back by another device.
    core.db.prepare(`UPDATE evidence_controls SET deleted_at = ? WHERE id = ?`).run(AT, link);
    expect(figures(await keptAndFresh())).toEqual([{ applicable: 1, implemented: 1, ready: 0 }]);
    core.db.prepare(`UPDATE evidence_controls SET deleted_at = NULL WHERE id = ?`).run(link);
    core.db.prepare(`UPDATE control_implementations SET status = 'not_applicable' WHERE id = ?`).run(implementation);
    expect(figures(await keptAndFresh())).toEqual([{ applicable: 0, implemented: 0, ready: 0 }]);
    core.db.prepare(`DELETE FROM control_implementations WHERE id = ?`).run(implementation);
    expect(figures(await keptAndFresh())).toEqual([{ applicable: 1, implemented: 0, ready: 0 }]);

    // A pulled control, and a pulled framework rename.
    core.db.prepare(`UPDATE controls SET status = 'implemented' WHERE id = ?`).run(ac1);
    seedControl(core, fw, { key: 'ac-2', title: 'Accounts', status: 'in_progress' });
    core.db.prepare(`UPDATE frameworks SET title = 'NIST Low (renamed)' WHERE id = ?`).run(fw);
    const s = await keptAndFresh();
    expect(figures(s)).toEqual([{ applicable: 2, implemented: 1, ready: 1 }]);
    expect(s.frameworks[0]!.title).toBe('NIST Low (renamed)');
  });

  it('is not reused on another day: evidence expires with the date, not with a write', async () => {
    const fw = seedFramework(core);
    const ac1 = seedControl(core, fw, { key: 'ac-1', title: 'Policy', status: 'implemented' });
    await addEvidence([ac1], '2026-03-10');
    expect(figures(await summary())).toEqual([{ applicable: 1, implemented: 1, ready: 1 }]);
    now = '2026-03-11T08:00:00.000Z';
    expect(figures(await keptAndFresh())).toEqual([{ applicable: 1, implemented: 1, ready: 0 }]);
  });

  it('serves frameworks.list too, with and without archived frameworks', async () => {
    const kept = seedFramework(core, 'Kept');
    const archived = seedFramework(core, 'Archived');
    seedControl(core, kept, { key: 'ac-1', title: 'Policy', status: 'implemented' });
    seedControl(core, archived, { key: 'ac-1', title: 'Policy', status: 'in_progress' });
    await call('frameworks', 'archive', { id: archived, archived: true });
    await summary();
    const list = async (includeArchived: boolean) =>
      (
        await call<{ items: { id: string; applicable: number; implemented: number }[] }>('frameworks', 'list', {
          includeArchived,
        })
      ).items.map(({ id, applicable, implemented }) => ({ id, applicable, implemented }));
    expect(snapshots()).toBe(1);
    expect(await list(false)).toEqual([{ id: kept, applicable: 1, implemented: 1 }]);
    // Both were seeded at the same instant: the list orders them by id.
    expect(await list(true)).toEqual(
      [
        { id: kept, applicable: 1, implemented: 1 },
        { id: archived, applicable: 1, implemented: 0 },
      ].sort((a, b) => a.id.localeCompare(b.id)),
    );
  });
});

describe('overdue policies counted per review day', () => {
  const overdue = async () => (await summary()).overduePolicies;
  const direct = () =>
    core.db
      .prepare(`SELECT count(*) FROM policies WHERE org_id = ? AND deleted_at IS NULL AND next_review_date < '2026-03-10'`)
      .pluck()
      .get(LOCAL_ORG_ID) as number;

  it('stays equal to a count of the rows through create, update, delete, restore and pulled rows', async () => {
    const create = async (title: string, nextReviewDate: string | null) =>
      (await call<{ id: string }>('policies', 'create', { title, nextReviewDate })).id;
    const a = await create('Access Control', '2026-01-01');
    const b = await create('Backup', '2026-03-09');
    await create('Continuity', '2026-03-10');
    const d = await create('Data Retention', null);
    expect((await overdue()).count).toBe(2);

    await call('policies', 'update', { id: d, nextReviewDate: '2025-12-01' });
    await call('policies', 'update', { id: b, nextReviewDate: '2027-01-01' });
    expect(await overdue()).toMatchObject({ count: 2, items: [{ id: d }, { id: a }] });

    await call('policies', 'delete', { id: a });
    expect((await overdue()).count).toBe(1);
    await call('trash', 'restore', { kind: 'policy', id: a });
    expect((await overdue()).count).toBe(2);
    expect(direct()).toBe(2);

    // Pulled rows: an insert, a tombstone, a moved date and a hard delete, by plain SQL.
    const pulled = randomUUID();
    core.db
      .prepare(
        `INSERT INTO policies (id, org_id, title, body, next_review_date, created_at, updated_at, updated_by)
         VALUES (?, ?, 'Pulled policy', '', '2026-02-01', ?, ?, 'other-device')`,
      )
      .run(pulled, LOCAL_ORG_ID, AT, AT);
    expect((await overdue()).count).toBe(3);
    core.db.prepare(`UPDATE policies SET deleted_at = ? WHERE id = ?`).run(AT, d);
    core.db.prepare(`UPDATE policies SET next_review_date = '2026-04-01' WHERE id = ?`).run(pulled);
    expect((await overdue()).count).toBe(1);
    core.db.prepare(`UPDATE policies SET next_review_date = '2026-02-02', deleted_at = NULL WHERE id = ?`).run(d);
    core.db.prepare(`UPDATE policies SET next_review_date = '2026-02-01' WHERE id = ?`).run(pulled);
    expect(await overdue()).toMatchObject({ count: 3, items: [{ id: a }, { id: pulled }, { id: d }] });
    core.db.prepare(`DELETE FROM policies WHERE id = ?`).run(pulled);
    const s = await overdue();
    expect(s.count).toBe(direct());
    expect(s).toMatchObject({ count: 2, items: [{ id: a }, { id: d }] });
    // Every day's count, not only the overdue ones, equals a count of the rows.
    expect(core.db.prepare('SELECT review_date, n FROM policy_review_counts WHERE n > 0 ORDER BY 1').all()).toEqual(
      core.db
        .prepare(
          `SELECT next_review_date AS review_date, count(*) AS n FROM policies
           WHERE deleted_at IS NULL AND next_review_date IS NOT NULL GROUP BY 1 ORDER BY 1`,
        )
        .all(),
    );
  });
});
