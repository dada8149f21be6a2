/**
 * The evidence list's totals (unfiltered, expired, current) and the dashboard's expired and
 * expiring counts come from counts per expiry day that the database keeps with triggers (no
 * count of a million rows on the start path): they follow every insert, edit of the dates,
 * tombstone, restore and hard delete, and equal a real count.
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

const listedTotal = async (expired?: boolean) => {
  const result = await core.router.call('evidence', 'list', { offset: 0, limit: 1, expired }, ctx);
  if (!result.ok) throw new Error(result.error.message);
  return (result.value as { total: number }).total;
};
const TODAY = new Date().toISOString().slice(0, 10);
const EXPIRY = `min(coalesce(expires_on, '9999-12-31'), coalesce(date(as_of_date, '+' || renewal_days || ' days'), '9999-12-31'))`;
/** Every figure the counts answer, next to the same figure counted row by row. */
async function figures() {
  const dashboard = await core.router.call('dashboard', 'summary', {}, ctx);
  if (!dashboard.ok) throw new Error(dashboard.error.message);
  const { expiringEvidence } = dashboard.value as { expiringEvidence: { count: number; expiredCount: number } };
  const count = (where: string) =>
    core.db
      .prepare(`SELECT count(*) FROM evidence WHERE org_id = ? AND deleted_at IS NULL AND ${where}`)
      .pluck()
      .get(LOCAL_ORG_ID, TODAY);
  return {
    kept: {
      total: await listedTotal(),
      expired: await listedTotal(true),
      current: await listedTotal(false),
      dashboardExpired: expiringEvidence.expiredCount,
      dashboardExpiring: expiringEvidence.count,
    },
    counted: {
      total: count('? IS NOT NULL'),
      expired: count(`${EXPIRY} < ?`),
      current: count(`${EXPIRY} >= ?`),
      dashboardExpired: count(`${EXPIRY} < ?`),
      dashboardExpiring: count(`${EXPIRY} BETWEEN ? AND date('${TODAY}', '+30 days')`),
    },
  };
}
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

  it('follows the expiry dates as they are edited, matching a row-by-row count', async () => {
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    const expired = seedEvidence(core, { title: 'Old scan', asOfDate: day(-400), expiresOn: day(-200) });
    const renewing = seedEvidence(core, { title: 'Yearly review', asOfDate: day(-400), renewalDays: 365 });
    seedEvidence(core, { title: 'Expiring soon', asOfDate: day(-10), expiresOn: day(10) });
    seedEvidence(core, { title: 'Forever', asOfDate: day(-10) });
    let { kept, counted: rows } = await figures();
    expect(kept).toEqual(rows);
    expect(kept).toMatchObject({ total: 4, expired: 2, current: 2, dashboardExpiring: 1 });

    const edit = await core.router.call('evidence', 'update', { id: expired.id, expiresOn: null }, ctx);
    expect(edit.ok).toBe(true);
    expect((await core.router.call('evidence', 'update', { id: renewing.id, renewalDays: 730 }, ctx)).ok).toBe(true);
    ({ kept, counted: rows } = await figures());
    expect(kept).toEqual(rows);
    expect(kept).toMatchObject({ total: 4, expired: 0, current: 4 });
    expect((await core.router.call('evidence', 'delete', { id: renewing.id }, ctx)).ok).toBe(true);
    ({ kept, counted: rows } = await figures());
    expect(kept).toEqual(rows);
    expect(kept.total).toBe(3);
  });
});
