import type { Migration } from '../migrate';

/**
 * Policies: the "overdue for review" filter and the dashboard's count look up live policies by
 * next review date; without this index they scan every policy. The list index holds the columns
 * a list row shows (owner aside, which the additive-migration check must be free to drop in its
 * test): SQLite stores a row's columns in order, and reading the ones after `body` walks each
 * body's overflow pages, so a page of the list would otherwise cost as much as its bodies.
 *
 * The approval record of a revision (synced table: nullable columns only): who approved the
 * version and when, and when it was published, so the version in force carries its own record
 * after a newer draft clears the policy's approval.
 */
export const m0008: Migration = {
  version: 8,
  name: 'policies-extra',
  sql: /* sql */ `
    ALTER TABLE policy_revisions ADD COLUMN approved_by TEXT;
    ALTER TABLE policy_revisions ADD COLUMN approved_at TEXT;
    ALTER TABLE policy_revisions ADD COLUMN published_at TEXT;

    CREATE INDEX policies_next_review ON policies (org_id, next_review_date) WHERE deleted_at IS NULL;
    CREATE INDEX policies_status ON policies (org_id, status, updated_at, id) WHERE deleted_at IS NULL;
    CREATE INDEX policies_list ON policies (
      org_id, updated_at, id, status, title, next_review_date, approved_by, approved_at,
      current_revision_id, published_revision_id, version_major, version_minor, created_at, updated_by
    ) WHERE deleted_at IS NULL;
  `,
};
