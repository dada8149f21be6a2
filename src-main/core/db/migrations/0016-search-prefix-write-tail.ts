import type { Migration } from '../migrate';

/** EFFECTIVE_EXPIRY_SQL (evidence/evidence-service.ts) for the row `r` (new, old, or the table). */
const EXPIRY = (r: string) =>
  `min(coalesce(${r}.expires_on, '9999-12-31'), coalesce(date(${r}.as_of_date, '+' || ${r}.renewal_days || ' days'), '9999-12-31'))`;

/** Re-creates an external-content FTS5 table with a prefix index and rebuilds it from its table. */
const withPrefixIndex = (fts: string, columns: string, table: string) => /* sql */ `
    DROP TABLE ${fts};
    CREATE VIRTUAL TABLE ${fts} USING fts5(
      ${columns}, content='${table}', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2', prefix='3'
    );
    INSERT INTO ${fts} (${fts}) VALUES ('rebuild');
`;

/**
 * Search at a million evidence items, and the write tail.
 *
 * A three-letter prefix index on the two large search tables: the word being typed matches as a
 * prefix, and without this index FTS5 merges the posting list of every term under "enc" before
 * the first row (16 ms at a million rows); with it, "enc"* reads one list like a whole word. The
 * triggers that keep each index current name the table, not its options, so they stay.
 *
 * Two of the three policy indexes keyed on updated_at go: every update moves a policy's entry in
 * each of them (8–9 of the 17 log pages an update writes). `policies_list` (live rows, newest
 * first, every column a list row shows) serves the plain list and, with status in its columns,
 * the status filter; `policies_live` repeated it.
 *
 * Live evidence counted per organization and effective expiry day (local-only, kept by triggers,
 * the day written as EFFECTIVE_EXPIRY_SQL computes it): the evidence list's first page shows its
 * total and the dashboard how many items are expired, and counting a million rows (or the third
 * of them that expired) costs 30–70 ms in cache and a read of a whole index after a reboot, on the
 * start path. A sum over the days answers instead.
 */

export const m0016: Migration = {
  version: 16,
  name: 'search-prefix-write-tail',
  sql: /* sql */ `
    ${withPrefixIndex('evidence_fts', 'title, description, file_name', 'evidence')}
    ${withPrefixIndex('policies_fts', 'title, body', 'policies')}
    DROP INDEX policies_live;
    DROP INDEX policies_status;

    CREATE TABLE evidence_expiry_counts (
      org_id TEXT NOT NULL,
      expiry TEXT NOT NULL,
      n INTEGER NOT NULL,
      PRIMARY KEY (org_id, expiry)
    ) STRICT, WITHOUT ROWID;
    INSERT INTO evidence_expiry_counts (org_id, expiry, n)
      SELECT org_id, ${EXPIRY('evidence')}, count(*) FROM evidence WHERE deleted_at IS NULL GROUP BY 1, 2;
    CREATE TRIGGER evidence_expiry_count_insert AFTER INSERT ON evidence WHEN new.deleted_at IS NULL BEGIN
      INSERT INTO evidence_expiry_counts (org_id, expiry, n) VALUES (new.org_id, ${EXPIRY('new')}, 1)
        ON CONFLICT (org_id, expiry) DO UPDATE SET n = n + 1;
    END;
    CREATE TRIGGER evidence_expiry_count_delete AFTER DELETE ON evidence WHEN old.deleted_at IS NULL BEGIN
      UPDATE evidence_expiry_counts SET n = n - 1 WHERE org_id = old.org_id AND expiry = ${EXPIRY('old')};
    END;
    CREATE TRIGGER evidence_expiry_count_update
      AFTER UPDATE OF org_id, deleted_at, expires_on, as_of_date, renewal_days ON evidence BEGIN
      UPDATE evidence_expiry_counts SET n = n - 1
        WHERE old.deleted_at IS NULL AND org_id = old.org_id AND expiry = ${EXPIRY('old')};
      INSERT INTO evidence_expiry_counts (org_id, expiry, n) SELECT new.org_id, ${EXPIRY('new')}, 1 WHERE new.deleted_at IS NULL
        ON CONFLICT (org_id, expiry) DO UPDATE SET n = n + 1;
    END;
  `,
};
