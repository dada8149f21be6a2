/**
 * Readiness per framework, computed in SQL and never stored:
 *   applicable = live controls whose status is not 'not_applicable';
 *   implemented = applicable controls with status 'implemented';
 *   ready = implemented controls with at least one live link (evidence_controls) to live
 *           evidence that is not expired (expires_on < today, or as_of_date + renewal_days < today);
 *   readiness = ready / applicable, 0 when nothing is applicable.
 * The dashboard reuses frameworkReadiness.
 */
import type { Db } from '../db/database';

export interface FrameworkReadiness {
  frameworkId: string;
  title: string;
  controls: number;
  applicable: number;
  implemented: number;
  ready: number;
  readiness: number;
}

/** SQL condition: evidence row `e` is expired on @today. */
export const EVIDENCE_EXPIRED_SQL = `((e.expires_on IS NOT NULL AND e.expires_on < @today)
  OR (e.renewal_days IS NOT NULL AND date(e.as_of_date, '+' || e.renewal_days || ' days') < @today))`;

const READINESS_SQL = /* sql */ `
  SELECT f.id AS frameworkId, f.title AS title,
    count(c.id) AS controls,
    coalesce(sum(c.status <> 'not_applicable'), 0) AS applicable,
    coalesce(sum(c.status = 'implemented'), 0) AS implemented,
    coalesce(sum(c.status = 'implemented' AND EXISTS (
      SELECT 1 FROM evidence_controls ec JOIN evidence e ON e.id = ec.evidence_id
      WHERE ec.control_id = c.id AND ec.deleted_at IS NULL AND e.deleted_at IS NULL AND NOT ${EVIDENCE_EXPIRED_SQL}
    )), 0) AS ready
  FROM frameworks f
  LEFT JOIN controls c ON c.framework_id = f.id AND c.deleted_at IS NULL
  WHERE f.org_id = @orgId AND f.deleted_at IS NULL AND (@frameworkId IS NULL OR f.id = @frameworkId)
  GROUP BY f.id
  ORDER BY f.created_at, f.id`;

/** Readiness of every live framework of the org (or one, by id); today is YYYY-MM-DD. */
export function frameworkReadiness(
  db: Db,
  orgId: string,
  today: string,
  frameworkId: string | null = null,
): FrameworkReadiness[] {
  const rows = db.prepare(READINESS_SQL).all({ orgId, today, frameworkId }) as Omit<FrameworkReadiness, 'readiness'>[];
  return rows.map((row) => ({ ...row, readiness: row.applicable === 0 ? 0 : row.ready / row.applicable }));
}
