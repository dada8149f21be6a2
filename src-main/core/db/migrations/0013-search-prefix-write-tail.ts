import type { Migration } from '../migrate';

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
 * A live count of evidence per organization (local-only, kept by triggers): the evidence list's
 * first page shows the total, and counting a million rows costs 70 ms in cache and a read of the
 * whole index after a reboot, on the start path.
 */
export const m0013: Migration = {
  version: 13,
  name: 'search-prefix-write-tail',
  sql: /* sql */ `
    ${withPrefixIndex('evidence_fts', 'title, description, file_name', 'evidence')}
    ${withPrefixIndex('policies_fts', 'title, body', 'policies')}
    DROP INDEX policies_live;
    DROP INDEX policies_status;

    CREATE TABLE live_counts (
      table_name TEXT NOT NULL,
      org_id TEXT NOT NULL,
      live INTEGER NOT NULL,
      PRIMARY KEY (table_name, org_id)
    ) STRICT, WITHOUT ROWID;
    INSERT INTO live_counts (table_name, org_id, live)
      SELECT 'evidence', org_id, count(*) FROM evidence WHERE deleted_at IS NULL GROUP BY org_id;
    CREATE TRIGGER evidence_count_insert AFTER INSERT ON evidence WHEN new.deleted_at IS NULL BEGIN
      INSERT INTO live_counts (table_name, org_id, live) VALUES ('evidence', new.org_id, 1)
        ON CONFLICT (table_name, org_id) DO UPDATE SET live = live + 1;
    END;
    CREATE TRIGGER evidence_count_delete AFTER DELETE ON evidence WHEN old.deleted_at IS NULL BEGIN
      UPDATE live_counts SET live = live - 1 WHERE table_name = 'evidence' AND org_id = old.org_id;
    END;
    CREATE TRIGGER evidence_count_update AFTER UPDATE OF deleted_at, org_id ON evidence BEGIN
      UPDATE live_counts SET live = live - 1
        WHERE old.deleted_at IS NULL AND table_name = 'evidence' AND org_id = old.org_id;
      INSERT INTO live_counts (table_name, org_id, live) SELECT 'evidence', new.org_id, 1 WHERE new.deleted_at IS NULL
        ON CONFLICT (table_name, org_id) DO UPDATE SET live = live + 1;
    END;
  `,
};
