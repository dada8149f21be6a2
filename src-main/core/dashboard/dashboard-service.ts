/**
 * The dashboard's figures, read from the replica on each call: readiness per framework,
 * evidence expiring within 30 days, policies overdue for review and open findings by severity.
 * Each list is bounded (first 10) so the call stays small at 100k evidence rows.
 *
 * An auditor's dashboard leaves out the audits not assigned to them (assignments.ts): their
 * findings, and the evidence captured in them. Readiness stays the organization's (it is the
 * frameworks' state, which every member reads), as do policies.
 */
import type { DashboardSummary, Severity } from '../../../src-shared/domain/dashboard';
import type { Db } from '../db/database';
import { assignedAuditSql, visibleCaptureSql } from '../audits/assignments';
import { inLiveAuditSql } from '../audits/audit-rows';
import { frameworkReadiness } from '../frameworks/readiness';
import { EFFECTIVE_EXPIRY_SQL } from './evidence-expiry';

export const EXPIRY_HORIZON_DAYS = 30;
const LIST_SIZE = 10;

interface Context {
  db: Db;
  orgId: string;
  now: () => string;
}

/** The calendar date (UTC) of an ISO instant. */
export const dateOf = (iso: string) => iso.slice(0, 10);

/** An auditor's conditions: evidence outside audits or in theirs; findings of their audits. */
const EVIDENCE_ASSIGNED = `AND ${visibleCaptureSql('evidence.audit_id')}`;
const FINDING_ASSIGNED = `AND ${assignedAuditSql('findings.audit_id')}`;
/** For everyone: findings of an audit in the Trash are not open work (audit-rows.ts inLiveAuditSql). */
const IN_LIVE_AUDIT = inLiveAuditSql('findings.audit_id');

export function createDashboardService({ db, orgId, now }: Context) {
  const expiringOf = (only: string) =>
    db.prepare(
      `SELECT id, title, file_name AS fileName, ${EFFECTIVE_EXPIRY_SQL} AS expiresOn FROM evidence
       WHERE org_id = @orgId AND deleted_at IS NULL AND ${EFFECTIVE_EXPIRY_SQL} BETWEEN @today AND @horizon ${only}
       ORDER BY ${EFFECTIVE_EXPIRY_SQL}, title, id LIMIT @limit`,
    );
  // Sums of the live counts per expiry day that triggers keep (migration 0013): at a million items
  // the expired third would otherwise be counted row by row on every start.
  const expiringCount = db.prepare(
    `SELECT coalesce(sum(n), 0) AS n FROM evidence_expiry_counts WHERE org_id = @orgId AND expiry BETWEEN @today AND @horizon`,
  );
  const expiredCount = db.prepare(
    `SELECT coalesce(sum(n), 0) AS n FROM evidence_expiry_counts WHERE org_id = @orgId AND expiry < @today`,
  );
  const overdue = db.prepare(
    `SELECT id, title, owner, next_review_date AS nextReviewDate FROM policies
     WHERE org_id = @orgId AND deleted_at IS NULL AND next_review_date < @today
     ORDER BY next_review_date, title, id LIMIT @limit`,
  );
  // Sums of the live policies per review day that triggers keep (migration 0020), as for evidence.
  const overdueCount = db.prepare(
    `SELECT coalesce(sum(n), 0) AS n FROM policy_review_counts WHERE org_id = @orgId AND review_date < @today`,
  );
  const findingCountsOf = (only: string) =>
    db.prepare(
      `SELECT severity, count(*) AS n FROM findings
       WHERE org_id = @orgId AND deleted_at IS NULL AND status IN ('open', 'in_remediation') AND ${IN_LIVE_AUDIT} ${only}
       GROUP BY severity`,
    );
  const findingItemsOf = (only: string) =>
    db.prepare(
      `SELECT id, audit_id AS auditId, title, severity, status, due_date AS dueDate FROM findings
       WHERE org_id = @orgId AND deleted_at IS NULL AND status IN ('open', 'in_remediation') AND ${IN_LIVE_AUDIT} ${only}
       ORDER BY CASE severity WHEN 'critical' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 ELSE 3 END,
         coalesce(due_date, '9999-12-31'), title, id LIMIT @limit`,
    );
  const everyone = { expiring: expiringOf(''), findingCounts: findingCountsOf(''), findingItems: findingItemsOf('') };
  /**
   * Prepared on an auditor's first dashboard. The maintained expiry counts hold every live item,
   * so an auditor's counts take away the few captured in audits not assigned to them (read from
   * evidence_by_audit, the index of evidence captured in an audit).
   */
  const auditorsOf = () => ({
    expiring: expiringOf(EVIDENCE_ASSIGNED),
    findingCounts: findingCountsOf(FINDING_ASSIGNED),
    findingItems: findingItemsOf(FINDING_ASSIGNED),
    hiddenExpiry: db.prepare(
      `SELECT coalesce(sum(${EFFECTIVE_EXPIRY_SQL} BETWEEN @today AND @horizon), 0) AS expiring,
         coalesce(sum(${EFFECTIVE_EXPIRY_SQL} < @today), 0) AS expired
       FROM evidence INDEXED BY evidence_by_audit
       WHERE audit_id IS NOT NULL AND org_id = @orgId AND deleted_at IS NULL AND NOT (${assignedAuditSql('evidence.audit_id')})`,
    ),
  });
  let auditors: ReturnType<typeof auditorsOf> | null = null;

  return {
    /** `assignedTo`: an auditor's user id (assignments.ts assignmentScope), null for every other role. */
    summary(assignedTo: string | null = null): DashboardSummary {
      const today = dateOf(now());
      const horizonDate = new Date(`${today}T00:00:00Z`);
      horizonDate.setUTCDate(horizonDate.getUTCDate() + EXPIRY_HORIZON_DAYS);
      const horizon = dateOf(horizonDate.toISOString());
      const params = { orgId, today, horizon, limit: LIST_SIZE, ...(assignedTo === null ? {} : { userId: assignedTo }) };
      const scoped = assignedTo === null ? null : (auditors ??= auditorsOf());
      const { expiring, findingCounts, findingItems } = scoped ?? everyone;
      // One read transaction: the four figures describe the same moment.
      return db.transaction(() => {
        const hidden = (scoped?.hiddenExpiry.get(params) as { expiring: number; expired: number } | undefined) ?? {
          expiring: 0,
          expired: 0,
        };
        const bySeverity: Record<Severity, number> = { low: 0, medium: 0, high: 0, critical: 0 };
        for (const row of findingCounts.all(params) as { severity: Severity; n: number }[]) bySeverity[row.severity] = row.n;
        return {
          today,
          frameworks: frameworkReadiness(db, orgId, today).map(
            ({ frameworkId, title, applicable, implemented, ready, readiness }) => ({
              frameworkId,
              title,
              applicable,
              implemented,
              ready,
              readiness,
            }),
          ),
          expiringEvidence: {
            count: (expiringCount.get(params) as { n: number }).n - hidden.expiring,
            expiredCount: (expiredCount.get(params) as { n: number }).n - hidden.expired,
            items: expiring.all(params) as DashboardSummary['expiringEvidence']['items'],
          },
          overduePolicies: {
            count: (overdueCount.get(params) as { n: number }).n,
            items: overdue.all(params) as DashboardSummary['overduePolicies']['items'],
          },
          openFindings: {
            total: Object.values(bySeverity).reduce((a, b) => a + b, 0),
            bySeverity,
            items: findingItems.all(params) as DashboardSummary['openFindings']['items'],
          },
        };
      })();
    },
  };
}
