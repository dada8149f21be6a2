import type { Migration } from '../migrate';

/**
 * Policies: the "overdue for review" filter and the dashboard's count look up live policies by
 * next review date; without this index they scan every policy.
 */
export const m0008: Migration = {
  version: 8,
  name: 'policies-extra',
  sql: /* sql */ `
    CREATE INDEX policies_next_review ON policies (org_id, next_review_date) WHERE deleted_at IS NULL;
  `,
};
