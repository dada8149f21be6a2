import type { Migration } from '../migrate';

/**
 * Device-local settings (key → JSON value), e.g. the evidence file size limit. Local-only:
 * not in syncedTables, so it never reaches the outbox or the server.
 */
export const m0009: Migration = {
  version: 9,
  name: 'evidence-extra',
  sql: /* sql */ `
    CREATE TABLE settings (
      key TEXT PRIMARY KEY,
      value TEXT NOT NULL
    ) STRICT;
  `,
};
