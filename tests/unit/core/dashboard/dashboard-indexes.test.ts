/**
 * Migration 0028 (dashboard-indexes) changes no answer: the dashboard for every role and an
 * auditor's evidence totals read the same before and after its indexes, on a real replica file.
 * The replica is put back to the indexes it had before 0028 (as 0006, 0009 and 0010 made them),
 * then 0028's SQL runs on it as the migration would.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createCore, type Core } from '../../../../src-main/core/core';
import { dashboardHandlers } from '../../../../src-main/core/dashboard/dashboard-handlers';
import { m0028 } from '../../../../src-main/core/db/migrations/0028-dashboard-indexes';
import { createEvidenceService } from '../../../../src-main/core/evidence/evidence-service';
import type { MemberRole } from '../../../../src-shared/domain/account';
import type { DashboardSummary } from '../../../../src-shared/domain/dashboard';
import { EvidenceListInput } from '../../../../src-shared/domain/evidence';
import { tempDir } from '../../../support/temp-dir';
import { depsAs, seedAssignment, seedAudit, seedEvidence, seedFinding } from './seed';

const NOW = '2026-03-10T09:30:00.000Z';
const ADA = 'a0000000-0000-4000-8000-00000000ada0';

let dir: ReturnType<typeof tempDir>;
let core: Core;

/** The indexes as they were before migration 0028. */
const BEFORE_0028 = `
  DROP INDEX evidence_effective_expiry;
  CREATE INDEX evidence_effective_expiry ON evidence (
    org_id, deleted_at,
    min(coalesce(expires_on, '9999-12-31'), coalesce(date(as_of_date, '+' || renewal_days || ' days'), '9999-12-31'))
  );
  DROP INDEX evidence_by_audit;
  CREATE INDEX evidence_by_audit ON evidence (audit_id) WHERE audit_id IS NOT NULL;
  DROP INDEX findings_open_by_org;
`;

beforeEach(() => {
  dir = tempDir();
  core = createCore({ dataDir: dir.path, now: () => NOW, log: { error: () => undefined } });
  core.db.exec(BEFORE_0028);
});
afterEach(() => {
  core.close();
  dir.remove();
});

function summaryAs(role: MemberRole | null): DashboardSummary {
  return dashboardHandlers(depsAs(core, role)).summary({}, { actor: ADA }) as DashboardSummary;
}

function evidenceTotals(assignedTo: string | null) {
  const evidence = createEvidenceService({ ...core.deps, blobs: undefined as never, maxFileBytes: () => 1 });
  return [undefined, true, false].map(
    (expired) => evidence.list(EvidenceListInput.parse(expired === undefined ? {} : { expired }), assignedTo).total,
  );
}

function seed() {
  const mine = seedAudit(core, { title: 'Mine' });
  const theirs = seedAudit(core, { title: 'Theirs' });
  seedAssignment(core, mine, ADA);
  // Twelve due on one day, titles out of insertion order: the list is the first ten by title.
  for (const n of [7, 3, 11, 1, 9, 5, 12, 2, 10, 4, 8, 6]) {
    const auditId = n % 3 === 0 ? theirs : n % 3 === 1 ? mine : null;
    seedEvidence(core, {
      title: `Due ${String(n).padStart(2, '0')}`,
      auditId,
      bytes: Buffer.from(`d${n}`),
      expiresOn: '2026-03-15',
    });
  }
  seedEvidence(core, { title: 'Expired theirs', auditId: theirs, bytes: Buffer.from('e1'), expiresOn: '2026-03-01' });
  seedEvidence(core, {
    title: 'Renewal theirs',
    auditId: theirs,
    bytes: Buffer.from('r1'),
    asOfDate: '2026-01-10',
    renewalDays: 30,
  });
  for (const [auditId, severity, status] of [
    [mine, 'high', 'open'],
    [theirs, 'critical', 'in_remediation'],
    [theirs, 'low', 'closed'],
    [mine, 'medium', 'in_remediation'],
  ] as const) {
    seedFinding(core, auditId, { title: `${severity} ${status}`, severity, status });
  }
}

it('lists the expiring evidence by day and title and counts the same before and after its indexes', () => {
  seed();
  const roles = ['auditor', 'admin', null] as const;
  const before = { summaries: roles.map(summaryAs), totals: [evidenceTotals(ADA), evidenceTotals(null)] };
  expect(before.summaries[1]!.expiringEvidence.items.map((e) => e.title)).toEqual(
    Array.from({ length: 10 }, (_, i) => `Due ${String(i + 1).padStart(2, '0')}`),
  );

  // A replica analyzed once keeps statistics; those of evidence and findings would be stale
  // beside the new indexes (the planner then sorted every evidence page), so they go.
  core.db.exec('ANALYZE');
  const stats = () =>
    core.db.prepare(`SELECT DISTINCT tbl FROM sqlite_stat1 WHERE tbl IN ('evidence', 'findings') ORDER BY tbl`).pluck().all();
  expect(stats()).toEqual(['evidence', 'findings']);
  core.db.exec(m0028.sql);
  expect(stats()).toEqual([]);

  const columns = (index: string) =>
    (core.db.prepare(`SELECT name FROM pragma_index_info(?)`).pluck().all(index) as (string | null)[]).filter(Boolean);
  expect(columns('evidence_effective_expiry')).toEqual(['org_id', 'deleted_at', 'title', 'id']);
  expect(columns('evidence_by_audit')).toEqual(['audit_id', 'org_id', 'deleted_at', 'expires_on', 'as_of_date', 'renewal_days']);
  expect(columns('findings_open_by_org')).toEqual(['org_id', 'status', 'severity', 'audit_id']);
  expect({ summaries: roles.map(summaryAs), totals: [evidenceTotals(ADA), evidenceTotals(null)] }).toEqual(before);
  expect(before.totals).toEqual([
    [8, 0, 8],
    [14, 2, 12],
  ]);
});

it('applies on a replica never analyzed, leaving it without statistics', () => {
  seed();
  const before = summaryAs('admin');
  core.db.exec(m0028.sql);
  expect(core.db.prepare('SELECT count(*) FROM sqlite_stat1').pluck().get()).toBe(0);
  expect(summaryAs('admin')).toEqual(before);
});
