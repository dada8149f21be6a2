/**
 * What closing an audit leaves behind (untested controls, open findings), for the question the
 * UI asks before closing; and reopening a closed audit with a reason. The reason is written on
 * the audit row by the reopen itself, so the trail event of that change carries it.
 */
import type { Audit } from '../../../src-shared/domain/audit';
import { CLOSING_CHECK_LIST, type ClosingCheck } from '../../../src-shared/domain/audit-close';
import { AppError, ErrorCode } from '../../../src-shared/errors';
import type { CoreDeps } from '../deps';
import { syncedTable } from '../sync/synced-rows';
import { getAuditRow, toAudit, type AuditRow } from './audit-rows';

/** Where a reopened audit goes back to: the last step before closing. */
const REOPENED_STATUS: Audit['status'] = 'reporting';

export function createAuditClose({ db, orgId, now }: Pick<CoreDeps, 'db' | 'orgId' | 'now'>) {
  const audits = syncedTable<AuditRow>(db, 'audits');
  const UNTESTED = /* sql */ `
    FROM audit_scope s JOIN controls c ON c.id = s.control_id
    LEFT JOIN audit_results r ON r.audit_id = s.audit_id AND r.control_id = s.control_id AND r.deleted_at IS NULL
    WHERE s.audit_id = ? AND s.org_id = ? AND s.deleted_at IS NULL AND (r.id IS NULL OR r.result = 'not_tested')`;

  return {
    closingCheck(id: string): ClosingCheck {
      const audit = getAuditRow(db, orgId, id);
      const inScope = db
        .prepare('SELECT count(*) FROM audit_scope WHERE audit_id = ? AND org_id = ? AND deleted_at IS NULL')
        .pluck()
        .get(audit.id, orgId) as number;
      const total = db.prepare(`SELECT count(*) ${UNTESTED}`).pluck().get(audit.id, orgId) as number;
      const items = db
        .prepare(
          `SELECT c.id AS controlId, c.label, c.title ${UNTESTED} ORDER BY c.sort_key, c.label, c.id LIMIT ${CLOSING_CHECK_LIST}`,
        )
        .all(audit.id, orgId) as ClosingCheck['untested']['items'];
      const openFindings = db
        .prepare(
          `SELECT f.id, f.title, f.severity, f.status, c.label AS controlLabel
           FROM findings f LEFT JOIN controls c ON c.id = f.control_id
           WHERE f.audit_id = ? AND f.org_id = ? AND f.deleted_at IS NULL AND f.status IN ('open', 'in_remediation')
           ORDER BY CASE f.severity WHEN 'critical' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 ELSE 3 END, f.created_at, f.id`,
        )
        .all(audit.id, orgId) as ClosingCheck['openFindings'];
      return { auditId: audit.id, inScope, untested: { total, items }, openFindings };
    },

    /**
     * Reopens a closed audit (back to reporting) with the reason. The caller's right to reopen
     * is checked by the caller's role where there is one (an organization's server); in the
     * local workspace the local user owns everything.
     */
    reopen: db.transaction((id: string, reason: string, actor: string): Audit => {
      const before = getAuditRow(db, orgId, id);
      if (before.status !== 'closed') {
        throw new AppError(ErrorCode.Conflict, `The audit “${before.title}” is not closed, so there is nothing to reopen.`);
      }
      const after: AuditRow = { ...before, status: REOPENED_STATUS, reopen_reason: reason, updated_at: now(), updated_by: actor };
      audits.update(before, after);
      return toAudit(after);
    }),
  };
}
