import type { Migration } from '../migrate';

/** The day evidence stops being current, written as dashboard/evidence-expiry.ts writes it. */
const EFFECTIVE_EXPIRY = `min(coalesce(expires_on, '9999-12-31'), coalesce(date(as_of_date, '+' || renewal_days || ' days'), '9999-12-31'))`;

/**
 * The dashboard at scale (issues 8 and 13). Indexes only: no synced column changes. Registered
 * after 0027 (first-sync-progress).
 *
 * Expiring evidence is listed by day, then title: evidence_effective_expiry (migration 0009) gave
 * the day only, so every item due on the same day was sorted by title in a temporary b-tree
 * (0.9 s reported with 37,000 due on one day; dashboard.summary at 100k with 37,000 due on one
 * day: 15 → 0.3 ms). With title and id it hands the first ten in order. Same leading columns,
 * so the expired filter and the range counts read it as before.
 *
 * An auditor's figures take away the captures in audits not assigned to them, reading
 * evidence_by_audit (migration 0010, by name: the dashboard and evidence.list say INDEXED BY);
 * with the expiry columns it answers without reading the rows (10,000 captures: 23 → 7 ms).
 *
 * Open findings are counted per severity, only those of live audits: findings_open (0006) had
 * no organization nor audit, so each open finding was read from the table (50,000 findings:
 * 33 → 13 ms).
 */
export const m0028: Migration = {
  version: 28,
  name: 'dashboard-indexes',
  sql: /* sql */ `
    -- The app never analyzes a replica, but a replica analyzed once (PRAGMA optimize, as the
    -- benchmark seeds are) keeps statistics for the other indexes only: the planner then takes a
    -- new index without statistics for the most selective and sorted every evidence page by
    -- updated_at in a temporary b-tree (first page 0.6 → 170 ms at 100k). Both tables go back to
    -- the planner's rules, as in a replica never analyzed, before the schema change below
    -- drops theirs. "ANALYZE sqlite_schema" analyzes nothing: first it creates the statistics
    -- table where there was none; last it reloads this connection's statistics (the migration
    -- runs on the connection the app then uses).
    ANALYZE sqlite_schema;
    DELETE FROM sqlite_stat1 WHERE tbl IN ('evidence', 'findings');

    DROP INDEX evidence_effective_expiry;
    CREATE INDEX evidence_effective_expiry ON evidence (org_id, deleted_at, ${EFFECTIVE_EXPIRY}, title, id);

    DROP INDEX evidence_by_audit;
    CREATE INDEX evidence_by_audit ON evidence (audit_id, org_id, deleted_at, expires_on, as_of_date, renewal_days)
      WHERE audit_id IS NOT NULL;

    CREATE INDEX findings_open_by_org ON findings (org_id, status, severity, audit_id) WHERE deleted_at IS NULL;
    ANALYZE sqlite_schema;
  `,
};
