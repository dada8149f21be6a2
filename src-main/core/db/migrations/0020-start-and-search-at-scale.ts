import type { Migration } from '../migrate';

/** Re-creates an external-content FTS5 table with prefix indexes and rebuilds it from its table. */
const withPrefixIndexes = (fts: string, columns: string, table: string) => /* sql */ `
    DROP TABLE ${fts};
    CREATE VIRTUAL TABLE ${fts} USING fts5(
      ${columns}, content='${table}', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2', prefix='3 4 5'
    );
    INSERT INTO ${fts} (${fts}) VALUES ('rebuild');
`;

/** Empties the readiness snapshot after a write to `table` (`when`: which update can change it). */
const invalidates = (table: string, updateOf: string) => /* sql */ `
    CREATE TRIGGER ${table}_readiness_insert AFTER INSERT ON ${table} BEGIN DELETE FROM readiness_snapshots; END;
    CREATE TRIGGER ${table}_readiness_delete AFTER DELETE ON ${table} BEGIN DELETE FROM readiness_snapshots; END;
    CREATE TRIGGER ${table}_readiness_update AFTER UPDATE OF ${updateOf} ON ${table} BEGIN DELETE FROM readiness_snapshots; END;
`;

/**
 * The first screen at 100k items, and search while a word is typed at a million (issue 13).
 *
 * Readiness per framework joins every control to its implementation and its evidence links (6 ms
 * at 2,000 controls, most of dashboard.summary on start). Its last answer is kept per organization
 * and day (local-only) and emptied by triggers on every write that can change it, from the app or
 * from a pulled row alike: the table's columns that readiness reads, inserts and deletes. The day is
 * part of the key because evidence expires with the date, not with a write.
 *
 * Overdue policies: live policies counted per organization and review day (kept by triggers, as
 * evidence_expiry_counts is), and an index in the dashboard list's order, so neither counts nor
 * sorts every overdue policy. It replaces policies_next_review (same leading columns).
 *
 * Prefix indexes of 4 and 5 letters besides 3 on the two large search tables: a typed word of 4 or
 * 5 letters that is not yet a whole word ("encr", "w101") otherwise merges every posting list
 * under it before the first row (65 ms at a million items for "encr").
 */
export const m0020: Migration = {
  version: 20,
  name: 'start-and-search-at-scale',
  sql: /* sql */ `
    CREATE TABLE readiness_snapshots (
      org_id TEXT PRIMARY KEY,
      today TEXT NOT NULL,
      frameworks TEXT NOT NULL
    ) STRICT, WITHOUT ROWID;
    ${invalidates('frameworks', 'org_id, title, catalog_source, archived_at, deleted_at, created_at')}
    ${invalidates('controls', 'org_id, framework_id, control_key, status, deleted_at')}
    ${invalidates('control_implementations', 'org_id, catalog_source, control_key, status, deleted_at')}
    ${invalidates('evidence_controls', 'org_id, evidence_id, control_id, deleted_at')}
    ${invalidates('evidence', 'id, org_id, deleted_at, expires_on, as_of_date, renewal_days')}

    CREATE TABLE policy_review_counts (
      org_id TEXT NOT NULL,
      review_date TEXT NOT NULL,
      n INTEGER NOT NULL,
      PRIMARY KEY (org_id, review_date)
    ) STRICT, WITHOUT ROWID;
    INSERT INTO policy_review_counts (org_id, review_date, n)
      SELECT org_id, next_review_date, count(*) FROM policies
      WHERE deleted_at IS NULL AND next_review_date IS NOT NULL GROUP BY 1, 2;
    CREATE TRIGGER policy_review_count_insert AFTER INSERT ON policies
      WHEN new.deleted_at IS NULL AND new.next_review_date IS NOT NULL BEGIN
      INSERT INTO policy_review_counts (org_id, review_date, n) VALUES (new.org_id, new.next_review_date, 1)
        ON CONFLICT (org_id, review_date) DO UPDATE SET n = n + 1;
    END;
    CREATE TRIGGER policy_review_count_delete AFTER DELETE ON policies
      WHEN old.deleted_at IS NULL AND old.next_review_date IS NOT NULL BEGIN
      UPDATE policy_review_counts SET n = n - 1 WHERE org_id = old.org_id AND review_date = old.next_review_date;
    END;
    CREATE TRIGGER policy_review_count_update AFTER UPDATE OF org_id, deleted_at, next_review_date ON policies BEGIN
      UPDATE policy_review_counts SET n = n - 1
        WHERE old.deleted_at IS NULL AND org_id = old.org_id AND review_date = old.next_review_date;
      INSERT INTO policy_review_counts (org_id, review_date, n)
        SELECT new.org_id, new.next_review_date, 1 WHERE new.deleted_at IS NULL AND new.next_review_date IS NOT NULL
        ON CONFLICT (org_id, review_date) DO UPDATE SET n = n + 1;
    END;
    DROP INDEX policies_next_review;
    CREATE INDEX policies_review_order ON policies (org_id, next_review_date, title, id) WHERE deleted_at IS NULL;

    ${withPrefixIndexes('evidence_fts', 'title, description, file_name', 'evidence')}
    ${withPrefixIndexes('policies_fts', 'title, body', 'policies')}
  `,
};
