import type { Migration } from '../migrate';

/**
 * Who made the last material edit of a policy's text, so the app refuses self-approval before
 * the server would (src-shared/domain/self-approval.ts). The server stamps its own copy
 * (20260101001210_approval_rules.sql) and pull brings it; the app stamps it locally on the same
 * rule meanwhile and never pushes it (changes.ts BOOKKEEPING). Synced table: a nullable column.
 */
export const m0023: Migration = {
  version: 23,
  name: 'policy-edited-by',
  sql: /* sql */ `
    ALTER TABLE policies ADD COLUMN edited_by TEXT;
  `,
};
