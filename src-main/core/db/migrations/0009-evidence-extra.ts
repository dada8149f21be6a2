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

    -- The day evidence stops being current (the earlier of expires_on and as_of_date +
    -- renewal_days), indexed so the expired filter and the dashboard's "expiring within 30
    -- days" stay fast at 100k rows. An index only: the synced columns are unchanged.
    -- Newest-first pages in index order, ties broken by id, so a page never sorts the table and a
    -- deep offset walks the index only (evidence.list at 100k rows).
    DROP INDEX evidence_live;
    CREATE INDEX evidence_recent ON evidence (org_id, deleted_at, updated_at, id);

    CREATE INDEX evidence_effective_expiry ON evidence (
      org_id, deleted_at,
      min(coalesce(expires_on, '9999-12-31'), coalesce(date(as_of_date, '+' || renewal_days || ' days'), '9999-12-31'))
    );
  `,
};
