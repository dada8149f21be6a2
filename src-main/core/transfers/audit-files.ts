/**
 * The files an audit needs offline: those of evidence captured in it and of evidence linked to
 * a control in its scope (the same set its audit package holds, exports/package-data.ts), one
 * entry per distinct SHA-256.
 */
import type { Db } from '../db/database';

export interface AuditFile {
  sha256: string;
  sizeBytes: number;
  /** One live evidence record holding the file (the first by id). */
  evidenceId: string;
}

export function auditFiles(db: Db, auditId: string): AuditFile[] {
  return db
    .prepare(
      `SELECT e.sha256 AS sha256, max(e.size_bytes) AS sizeBytes, min(e.id) AS evidenceId
         FROM evidence e
        WHERE e.deleted_at IS NULL AND (e.audit_id = @auditId OR e.id IN (
          SELECT ec.evidence_id FROM evidence_controls ec
            JOIN audit_scope s ON s.control_id = ec.control_id AND s.audit_id = @auditId AND s.deleted_at IS NULL
           WHERE ec.deleted_at IS NULL))
        GROUP BY e.sha256
        ORDER BY e.sha256`,
    )
    .all({ auditId }) as AuditFile[];
}

/** Refuses an audit id that names no audit here, in words. */
export function auditExists(db: Db, auditId: string): boolean {
  return db.prepare('SELECT 1 FROM audits WHERE id = ? AND deleted_at IS NULL').get(auditId) !== undefined;
}
