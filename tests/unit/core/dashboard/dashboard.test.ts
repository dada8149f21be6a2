/** dashboard.summary through the router, over rows seeded in a real SQLite file. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../../src-main/core/core';
import type { DashboardSummary } from '../../../../src-shared/domain/dashboard';
import { ErrorCode } from '../../../../src-shared/errors';
import { snapshot } from '../../../support/db-snapshot';
import { tempDir } from '../../../support/temp-dir';
import { seedAudit, seedControl, seedEvidence, seedFinding, seedFramework } from './seed';

let dir: ReturnType<typeof tempDir>;
let core: Core;
const ctx = { actor: 'local' };
// The core's clock: today is 2026-03-10.
const NOW = '2026-03-10T09:30:00.000Z';

beforeEach(() => {
  dir = tempDir();
  core = createCore({ dataDir: dir.path, now: () => NOW, log: { error: () => undefined } });
});
afterEach(() => {
  core.close();
  dir.remove();
});

async function summary(): Promise<DashboardSummary> {
  const result = await core.router.call('dashboard', 'summary', {}, ctx);
  if (!result.ok) throw new Error(result.error.message);
  return result.value as DashboardSummary;
}

describe('dashboard.summary', () => {
  it('is empty and zero on a new workspace', async () => {
    const s = await summary();
    expect(s.today).toBe('2026-03-10');
    expect(s.frameworks).toEqual([]);
    expect(s.expiringEvidence).toEqual({ count: 0, expiredCount: 0, items: [] });
    expect(s.overduePolicies).toEqual({ count: 0, items: [] });
    expect(s.openFindings).toEqual({ total: 0, bySeverity: { low: 0, medium: 0, high: 0, critical: 0 }, items: [] });
  });

  it('computes readiness per framework from implemented controls with live, unexpired evidence', async () => {
    const fw = seedFramework(core, 'NIST Moderate');
    const ready = seedControl(core, fw, { key: 'ac-1', title: 'Policy and Procedures', status: 'implemented' });
    const stale = seedControl(core, fw, { key: 'ac-2', title: 'Account Management', status: 'implemented' });
    seedControl(core, fw, { key: 'ac-3', title: 'Access Enforcement', status: 'in_progress' });
    seedControl(core, fw, { key: 'ac-4', title: 'Information Flow', status: 'not_applicable' });
    seedEvidence(core, { title: 'Access review', controlIds: [ready], expiresOn: '2026-12-31' });
    seedEvidence(core, { title: 'Old scan', controlIds: [stale], expiresOn: '2026-03-09' });
    const s = await summary();
    expect(s.frameworks).toEqual([
      { frameworkId: fw, title: 'NIST Moderate', applicable: 3, implemented: 2, ready: 1, readiness: 1 / 3 },
    ]);
  });

  it('lists evidence expiring within 30 days by expiry date, from expires_on or as-of date plus renewal days', async () => {
    const soon = seedEvidence(core, { title: 'Pen test report', expiresOn: '2026-03-20' });
    const renewal = seedEvidence(core, { title: 'Backup restore test', asOfDate: '2026-01-10', renewalDays: 60 }); // 2026-03-11
    const edge = seedEvidence(core, { title: 'Firewall review', expiresOn: '2026-04-09' }); // today + 30
    seedEvidence(core, { title: 'Later', expiresOn: '2026-04-10' });
    seedEvidence(core, { title: 'Expired yesterday', expiresOn: '2026-03-09' });
    seedEvidence(core, { title: 'Never expires' });
    seedEvidence(core, { title: 'Deleted', expiresOn: '2026-03-15', deleted: true });
    const s = await summary();
    expect(s.expiringEvidence.count).toBe(3);
    expect(s.expiringEvidence.expiredCount).toBe(1);
    expect(s.expiringEvidence.items.map((e) => [e.id, e.expiresOn])).toEqual([
      [renewal.id, '2026-03-11'],
      [soon.id, '2026-03-20'],
      [edge.id, '2026-04-09'],
    ]);
  });

  it('takes the earlier date when evidence has both an expiry and a renewal cadence', async () => {
    const both = seedEvidence(core, { title: 'Both', asOfDate: '2026-03-01', renewalDays: 10, expiresOn: '2026-12-31' }); // 2026-03-11
    const s = await summary();
    expect(s.expiringEvidence.items).toEqual([{ id: both.id, title: 'Both', fileName: 'Both.txt', expiresOn: '2026-03-11' }]);
  });

  it('shows at most 10 expiring items but counts them all', async () => {
    for (let i = 0; i < 12; i++) seedEvidence(core, { title: `Item ${i}`, bytes: Buffer.from(`x${i}`), expiresOn: '2026-03-15' });
    const s = await summary();
    expect(s.expiringEvidence.count).toBe(12);
    expect(s.expiringEvidence.items).toHaveLength(10);
  });

  it('lists policies overdue for review (next review before today, not deleted)', async () => {
    const create = async (title: string, nextReviewDate: string | null) => {
      const r = await core.router.call('policies', 'create', { title, nextReviewDate }, ctx);
      if (!r.ok) throw new Error(r.error.message);
      return (r.value as { id: string }).id;
    };
    const overdue = await create('Incident Response Policy', '2026-03-01');
    await create('Due today', '2026-03-10');
    await create('Not scheduled', null);
    const deleted = await create('Deleted overdue', '2025-01-01');
    await core.router.call('policies', 'delete', { id: deleted }, ctx);
    const s = await summary();
    expect(s.overduePolicies).toEqual({
      count: 1,
      items: [{ id: overdue, title: 'Incident Response Policy', owner: '', nextReviewDate: '2026-03-01' }],
    });
  });

  it('counts open findings by severity, most severe first', async () => {
    const audit = seedAudit(core, { title: 'SOC 2 2026' });
    seedFinding(core, audit, { title: 'Shared admin account', severity: 'high' });
    seedFinding(core, audit, { title: 'MFA gaps', severity: 'critical', status: 'in_remediation' });
    seedFinding(core, audit, { title: 'Typo in policy', severity: 'low' });
    seedFinding(core, audit, { title: 'Closed one', severity: 'high', status: 'closed' });
    seedFinding(core, audit, { title: 'Accepted risk', severity: 'medium', status: 'accepted' });
    seedFinding(core, audit, { title: 'Deleted', severity: 'critical', deleted: true });
    const s = await summary();
    expect(s.openFindings.total).toBe(3);
    expect(s.openFindings.bySeverity).toEqual({ low: 1, medium: 0, high: 1, critical: 1 });
    expect(s.openFindings.items.map((f) => f.title)).toEqual(['MFA gaps', 'Shared admin account', 'Typo in policy']);
    expect(s.openFindings.items[0]!.auditId).toBe(audit);
  });

  it('refuses unexpected input and changes nothing', async () => {
    const before = snapshot(core.db);
    const result = await core.router.call('dashboard', 'summary', { orgId: 'other' }, ctx);
    expect(result).toMatchObject({ ok: false, error: { code: ErrorCode.InvalidInput } });
    expect(snapshot(core.db)).toEqual(before);
  });
});
