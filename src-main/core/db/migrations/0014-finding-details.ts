import type { Migration } from '../migrate';

/**
 * A finding as auditors write it: condition, criteria, cause, effect, recommendation and the
 * management response, and who accepted the risk and why when it is not remediated. Additive
 * only (old clients keep syncing findings without these fields); the server has the same
 * columns (supabase/migrations/20260101001000_finding_details.sql).
 */
export const m0014: Migration = {
  version: 14,
  name: 'finding-details',
  sql: /* sql */ `
    ALTER TABLE findings ADD COLUMN condition TEXT NOT NULL DEFAULT '';
    ALTER TABLE findings ADD COLUMN criteria TEXT NOT NULL DEFAULT '';
    ALTER TABLE findings ADD COLUMN cause TEXT NOT NULL DEFAULT '';
    ALTER TABLE findings ADD COLUMN effect TEXT NOT NULL DEFAULT '';
    ALTER TABLE findings ADD COLUMN recommendation TEXT NOT NULL DEFAULT '';
    ALTER TABLE findings ADD COLUMN management_response TEXT NOT NULL DEFAULT '';
    ALTER TABLE findings ADD COLUMN risk_accepted_by TEXT NOT NULL DEFAULT '';
    ALTER TABLE findings ADD COLUMN risk_acceptance_reason TEXT NOT NULL DEFAULT '';
  `,
};
