/** Audit rows as stored, their API shape, and the guards every audit write goes through. */
import type { Audit } from '../../../src-shared/domain/audit';
import { AppError, ErrorCode } from '../../../src-shared/errors';
import type { Db } from '../db/database';
import type { SyncedRow } from '../sync/synced-rows';

export interface AuditRow extends SyncedRow {
  title: string;
  framework_id: string | null;
  window_start: string;
  window_end: string;
  status: Audit['status'];
  /** JSON array of names or user ids. */
  auditors: string;
  /** Why the audit was last reopened after closing; null until then. */
  reopen_reason: string | null;
}

const parseAuditors = (text: string): string[] => {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  } catch {
    return [];
  }
};

export const toAudit = (row: AuditRow): Audit => ({
  id: row.id,
  orgId: row.org_id,
  title: row.title,
  frameworkId: row.framework_id,
  windowStart: row.window_start,
  windowEnd: row.window_end,
  status: row.status,
  auditors: parseAuditors(row.auditors),
  reopenReason: row.reopen_reason,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
  updatedBy: row.updated_by,
});

/**
 * The SQL condition "the audit in `auditColumn` is not in the Trash", for findings and results:
 * deleting an audit leaves them untombstoned (restoring it brings them back), so the audit's state
 * decides. Uncorrelated, so SQLite reads it once per statement.
 */
export const inLiveAuditSql = (auditColumn: string) =>
  `${auditColumn} IN (SELECT la.id FROM audits la WHERE la.deleted_at IS NULL)`;

/** The answer for an audit id that names no audit, or one hidden from the caller (assignments.ts). */
export const noAudit = (id: string) => new AppError(ErrorCode.NotFound, `No audit with id ${id}.`);

/** The answer for a finding id that names none, or one hidden from the caller (assignments.ts). */
export const noFinding = (id: string) => new AppError(ErrorCode.NotFound, `No finding with id ${id}.`);

export function getAuditRow(db: Db, orgId: string, id: string): AuditRow {
  const row = db.prepare('SELECT * FROM audits WHERE id = ? AND org_id = ? AND deleted_at IS NULL').get(id, orgId) as
    AuditRow | undefined;
  if (!row) throw noAudit(id);
  return row;
}

/**
 * A closed audit is the record the auditor signed off: nothing in it changes any more. `refusal`
 * says what the caller was trying to do, for the message.
 */
export function openAuditRow(
  db: Db,
  orgId: string,
  id: string,
  refusal = 'its results and findings can no longer change',
): AuditRow {
  const row = getAuditRow(db, orgId, id);
  if (row.status === 'closed') {
    throw new AppError(ErrorCode.Conflict, `The audit “${row.title}” is closed: ${refusal}.`);
  }
  return row;
}

/** Refuses a control that is not in the audit's scope (CONFLICT), or that does not exist (NOT_FOUND). */
export function assertInScope(db: Db, orgId: string, auditId: string, controlId: string): void {
  const inScope = db
    .prepare('SELECT 1 FROM audit_scope WHERE audit_id = ? AND control_id = ? AND org_id = ? AND deleted_at IS NULL')
    .get(auditId, controlId, orgId);
  if (inScope) return;
  const control = db
    .prepare('SELECT label FROM controls WHERE id = ? AND org_id = ? AND deleted_at IS NULL')
    .get(controlId, orgId) as { label: string } | undefined;
  if (!control) throw new AppError(ErrorCode.NotFound, `No control with id ${controlId}.`);
  throw new AppError(ErrorCode.Conflict, `Control ${control.label || controlId} is not in this audit's scope.`);
}
