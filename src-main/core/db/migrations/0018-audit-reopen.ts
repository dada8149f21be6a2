import type { Migration } from '../migrate';

/**
 * Why a closed audit was reopened: set by the reopen itself, so the reason is part of that
 * change in the audit trail. Synced table: a nullable column only.
 */
export const m0018: Migration = {
  version: 18,
  name: 'audit-reopen',
  sql: /* sql */ `
    ALTER TABLE audits ADD COLUMN reopen_reason TEXT;
  `,
};
