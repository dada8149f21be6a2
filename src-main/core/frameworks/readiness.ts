/**
 * Readiness per framework, computed in SQL and never stored:
 *   applicable = live controls whose status is not 'not_applicable';
 *   implemented = applicable controls with status 'implemented';
 *   ready = implemented controls with at least one live link (evidence_controls) to live
 *           evidence that is not expired (expires_on < today, or as_of_date + renewal_days < today);
 *   readiness = ready / applicable, 0 when nothing is applicable.
 * Status and evidence are the control's shared implementation (implementations.ts): evidence
 * linked to AC-2 in MODERATE makes AC-2 in LOW ready too. Archived frameworks are left out
 * unless asked for. The dashboard reuses frameworkReadiness; controlReadiness says in words
 * what one control lacks (READINESS_RULE in src-shared is the sentence the UI shows).
 */
import type { ControlReadiness, ControlStatus } from '../../../src-shared/domain/framework';
import type { Db } from '../db/database';
import { perDatabase } from '../sync/per-database';
import { IMPLEMENTATION_JOIN, sharedEvidenceExists, STATUS_SQL } from './implementations';

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
  SELECT f.id AS frameworkId, f.title AS title, f.archived_at IS NOT NULL AS archived,
    count(c.id) AS controls,
    coalesce(sum(${STATUS_SQL} <> 'not_applicable'), 0) AS applicable,
    coalesce(sum(${STATUS_SQL} = 'implemented'), 0) AS implemented,
    coalesce(sum(${STATUS_SQL} = 'implemented' AND ${sharedEvidenceExists(EVIDENCE_EXPIRED_SQL)}), 0) AS ready
  FROM frameworks f
  LEFT JOIN controls c ON c.framework_id = f.id AND c.deleted_at IS NULL
  ${IMPLEMENTATION_JOIN}
  WHERE f.org_id = @orgId AND f.deleted_at IS NULL AND (@frameworkId IS NULL OR f.id = @frameworkId)
    AND (@includeArchived = 1 OR f.archived_at IS NULL)
  GROUP BY f.id
  ORDER BY f.created_at, f.id`;

type Figures = Omit<FrameworkReadiness, 'readiness'> & { archived: number };

/**
 * Readiness of every live framework of the org that is not archived (or one, by id, archived
 * or not; or all with includeArchived); today is YYYY-MM-DD.
 *
 * The figures of all live frameworks are kept in readiness_snapshots for the org and day
 * (migration 0020): triggers empty it on every write they depend on, so a start with nothing
 * changed reads one row instead of joining every control to its evidence.
 */
export function frameworkReadiness(
  db: Db,
  orgId: string,
  today: string,
  frameworkId: string | null = null,
  includeArchived = frameworkId !== null,
): FrameworkReadiness[] {
  const rows = frameworkId === null ? snapshot(db, orgId, today) : compute(db, orgId, today, frameworkId);
  return rows
    .filter((row) => includeArchived || !row.archived)
    .map(({ archived: _archived, ...row }) => ({ ...row, readiness: row.applicable === 0 ? 0 : row.ready / row.applicable }));
}

// Prepared once per database: the dashboard asks on every start.
const statements = perDatabase((db: Db, _key: 'readiness') => ({
  compute: db.prepare(READINESS_SQL),
  kept: db.prepare('SELECT frameworks FROM readiness_snapshots WHERE org_id = ? AND today = ?').pluck(),
  keep: db.prepare(
    `INSERT INTO readiness_snapshots (org_id, today, frameworks) VALUES (?, ?, ?)
     ON CONFLICT (org_id) DO UPDATE SET today = excluded.today, frameworks = excluded.frameworks`,
  ),
}));

const compute = (db: Db, orgId: string, today: string, frameworkId: string | null) =>
  statements(db, 'readiness').compute.all({ orgId, today, frameworkId, includeArchived: 1 }) as Figures[];

function snapshot(db: Db, orgId: string, today: string): Figures[] {
  const { kept, keep } = statements(db, 'readiness');
  const json = kept.get(orgId, today) as string | undefined;
  if (json !== undefined) return JSON.parse(json) as Figures[];
  const rows = compute(db, orgId, today, null);
  keep.run(orgId, today, JSON.stringify(rows));
  return rows;
}

const STATUS_WORDS: Record<ControlStatus, string> = {
  not_started: 'Not started',
  in_progress: 'In progress',
  implemented: 'Implemented',
  not_applicable: 'Not applicable',
};

/** One control's readiness in words, from its status and its evidence (current and expired). */
export function controlReadiness(status: ControlStatus, evidence: readonly { expired: boolean }[]): ControlReadiness {
  if (status === 'not_applicable') return { counts: false, ready: false, missing: [] };
  const missing: string[] = [];
  if (status !== 'implemented') missing.push(`Status is ${STATUS_WORDS[status]}: mark it Implemented once it is in place.`);
  const current = evidence.filter((e) => !e.expired).length;
  if (current === 0) {
    const expired = evidence.length - current;
    missing.push(
      expired > 0
        ? `Its evidence has expired (${expired} ${expired === 1 ? 'item' : 'items'}): link a current evidence item.`
        : 'No evidence is linked: link a current evidence item that shows it operates.',
    );
  }
  return { counts: true, ready: missing.length === 0, missing };
}
