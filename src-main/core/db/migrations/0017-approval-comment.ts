import type { Migration } from '../migrate';

/**
 * The approver's comment, kept with the approval record: on the revision that was approved (so
 * the version in force keeps it) and on the policy while its approval stands. Synced tables:
 * nullable columns only.
 */
export const m0017: Migration = {
  version: 17,
  name: 'approval-comment',
  sql: /* sql */ `
    ALTER TABLE policies ADD COLUMN approval_comment TEXT;
    ALTER TABLE policy_revisions ADD COLUMN approval_comment TEXT;
  `,
};
