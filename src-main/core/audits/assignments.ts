/**
 * Which audits an auditor works on (audit_assignments, pulled from the server, migration 0019).
 * An auditor sees only the audits assigned to them and records fieldwork (results, findings,
 * evidence captured in an audit) only there, as the server's row-level security decides
 * (private.is_assigned_auditor in supabase/migrations/20260101000700_require_mfa.sql): assigned,
 * the assignment and the audit not deleted, the audit not closed. Owners and admins are not
 * limited by assignments. Parity: tests/integration/supabase/audit-assignment-parity.test.ts.
 */
import type { AppError } from '../../../src-shared/errors';
import type { Db } from '../db/database';
import type { CoreDeps } from '../deps';
import { noAudit, noFinding } from './audit-rows';

/**
 * The SQL condition "the audit whose id is in `auditColumn` is assigned to @userId" (closed audits
 * stay visible to their auditors), for lists; the statement binds @orgId and @userId. Written as
 * IN over an uncorrelated subquery: SQLite reads the user's assignments once per statement into a
 * bloom filter, where a correlated EXISTS runs a lookup for every row (at a million evidence items
 * an auditor's search skipping 3,000 hidden captures took 9.7 ms with EXISTS, 3.3 ms with IN).
 */
export const assignedAuditSql = (auditColumn: string) => `${auditColumn} IN (SELECT aa.audit_id FROM audit_assignments aa
  WHERE aa.org_id = @orgId AND aa.user_id = @userId AND aa.deleted_at IS NULL)`;

/**
 * The SQL condition "the evidence whose audit is in `auditColumn` was captured in no audit, or in
 * one assigned to @userId": evidence outside audits stays visible to an auditor.
 */
export const visibleCaptureSql = (auditColumn: string) => `(${auditColumn} IS NULL OR ${assignedAuditSql(auditColumn)})`;

/** The SQL condition "audit a is assigned to @userId", for the audits list. */
export const ASSIGNED_TO_USER = assignedAuditSql('a.id');

/**
 * Whose assignments limit what this caller reads: the caller when they are an auditor of the open
 * organization, null for every other role (owners and admins plan every audit; compliance officers
 * and viewers are not limited by assignments either, as in the audits list). Records the
 * assignments hide from an auditor: audits, their results and findings, evidence captured in them.
 */
export function assignmentScope(deps: Pick<CoreDeps, 'membership' | 'orgId'>, actor: string): string | null {
  return deps.membership?.(deps.orgId)?.role === 'auditor' ? actor : null;
}

/** May this auditor record fieldwork in this audit (the server's rule; parity tests hold it to it)? */
export function mayDoFieldwork(db: Db, userId: string, auditId: string): boolean {
  return (
    db
      .prepare(
        `SELECT 1 FROM audit_assignments aa JOIN audits a ON a.id = aa.audit_id AND a.org_id = aa.org_id
         WHERE aa.audit_id = ? AND aa.user_id = ? AND aa.deleted_at IS NULL AND a.deleted_at IS NULL AND a.status <> 'closed'`,
      )
      .get(auditId, userId) !== undefined
  );
}

/** Is this audit assigned to the user (to see it; closed audits stay visible to their auditors)? */
export function isAssigned(db: Db, userId: string, auditId: string): boolean {
  return (
    db
      .prepare('SELECT 1 FROM audit_assignments WHERE audit_id = ? AND user_id = ? AND deleted_at IS NULL')
      .get(auditId, userId) !== undefined
  );
}

/**
 * Is this audit hidden from the caller? `assignedTo` is assignmentScope's answer (null: not
 * limited); a record in no audit (null) is never hidden. The server's row-level security lets
 * every member read every audit row, so this is the app's display rule, applied the same on
 * every read path (lists leave the rows out, a read by id answers like a missing record), not a
 * security boundary.
 */
export function auditHidden(db: Db, assignedTo: string | null, auditId: string | null): boolean {
  return assignedTo !== null && auditId !== null && !isAssigned(db, assignedTo, auditId);
}

/**
 * What a fieldwork call writes in, from its (already validated) input: the audit, and the answer
 * for a record that is not there (the same words the services give for an unknown id); null when
 * the call names no audit or its record is unknown (the service answers that itself).
 */
function targetOf(
  db: Db,
  ns: string,
  method: string,
  input: Record<string, unknown>,
): { auditId: string; missing: () => AppError } | null {
  if (typeof input.auditId === 'string') {
    const auditId = input.auditId;
    return { auditId, missing: () => noAudit(auditId) };
  }
  if (ns === 'findings' && (method === 'update' || method === 'delete') && typeof input.id === 'string') {
    const id = input.id;
    const row = db.prepare('SELECT audit_id FROM findings WHERE id = ?').get(id) as { audit_id: string } | undefined;
    return row ? { auditId: row.audit_id, missing: () => noFinding(id) } : null;
  }
  return null;
}

/**
 * Refuses an auditor's fieldwork call in an audit not assigned to them (or that names no audit)
 * exactly as a missing record: NOT_FOUND in the services' words, so a write reveals no more than
 * a read does, before the handler runs (nothing queued, no trail event). This is the app's display
 * rule matching the server's write refusal (private.is_assigned_auditor), not a security
 * boundary: the server refuses the write on its own. Only fieldwork calls are asked about (the
 * router's permission says which); a closed audit of theirs is refused by the services, in their
 * own words.
 */
export function assertFieldworkTarget(db: Db, userId: string, ns: string, method: string, input: unknown): void {
  const target = targetOf(db, ns, method, (input ?? {}) as Record<string, unknown>);
  if (target !== null && !isAssigned(db, userId, target.auditId)) throw target.missing();
}
