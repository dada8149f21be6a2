import type { Migration } from '../migrate';

/**
 * What the sync engine keeps in the replica (issue 8). Additive only:
 * - `row_version` on every synced table: the server's version of the row, so a pull applies a
 *   change only when it is newer (0 = never seen by the server).
 * - Pulled-only tables for rows the server sends and the app reads: `policy_conflicts`
 *   (overlapping policy edits; resolving one pushes an update of it), `audit_assignments`
 *   (who audits what), `remote_audit_events` (other devices' trail events with their chains).
 * - `sync_held`: pulled rows held back because their parent has not arrived (or the replica
 *   refuses them), retried after each page.
 * - `sync_overrides`: a value of ours that a later writer overwrote (push answer `overridden`),
 *   for the record's history.
 * - outbox `state` (waiting | retrying | rejected), `reason`, `first_failed_at` (stalled after 10 min).
 * - sync_state: the device id, the server's protocol, why sync is paused.
 */
export const m0019: Migration = {
  version: 19,
  name: 'sync-replica',
  sql: /* sql */ `
    ALTER TABLE policies ADD COLUMN row_version INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE frameworks ADD COLUMN row_version INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE controls ADD COLUMN row_version INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE policy_revisions ADD COLUMN row_version INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE policy_controls ADD COLUMN row_version INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE evidence ADD COLUMN row_version INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE evidence_controls ADD COLUMN row_version INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE audits ADD COLUMN row_version INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE audit_scope ADD COLUMN row_version INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE audit_results ADD COLUMN row_version INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE findings ADD COLUMN row_version INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE control_implementations ADD COLUMN row_version INTEGER NOT NULL DEFAULT 0;

    CREATE TABLE policy_conflicts (
      id TEXT PRIMARY KEY,
      org_id TEXT NOT NULL,
      policy_id TEXT NOT NULL,
      mutation_id TEXT NOT NULL DEFAULT '',
      base_body TEXT NOT NULL DEFAULT '',
      ours_body TEXT NOT NULL DEFAULT '',
      theirs_body TEXT NOT NULL DEFAULT '',
      resolved_at TEXT,
      resolved_by TEXT,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      updated_by TEXT NOT NULL DEFAULT '',
      deleted_at TEXT,
      row_version INTEGER NOT NULL DEFAULT 0
    ) STRICT;
    CREATE INDEX policy_conflicts_open ON policy_conflicts (policy_id) WHERE resolved_at IS NULL AND deleted_at IS NULL;

    CREATE TABLE audit_assignments (
      id TEXT PRIMARY KEY,
      org_id TEXT NOT NULL,
      audit_id TEXT NOT NULL,
      user_id TEXT NOT NULL,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      updated_by TEXT NOT NULL DEFAULT '',
      deleted_at TEXT,
      row_version INTEGER NOT NULL DEFAULT 0
    ) STRICT;
    CREATE INDEX audit_assignments_audit ON audit_assignments (audit_id);

    CREATE TABLE remote_audit_events (
      id TEXT PRIMARY KEY,
      org_id TEXT NOT NULL,
      device_id TEXT,
      seq INTEGER,
      record_table TEXT NOT NULL,
      record_id TEXT NOT NULL,
      action TEXT NOT NULL,
      actor TEXT NOT NULL,
      at TEXT NOT NULL,
      claimed_at TEXT,
      before TEXT,
      after TEXT,
      prev_hash TEXT,
      hash TEXT NOT NULL,
      UNIQUE (device_id, seq)
    ) STRICT;
    CREATE INDEX remote_audit_events_record ON remote_audit_events (record_table, record_id);

    CREATE TABLE sync_held (
      table_name TEXT NOT NULL,
      id TEXT NOT NULL,
      row TEXT NOT NULL,
      row_version INTEGER NOT NULL,
      reason TEXT NOT NULL,
      since TEXT NOT NULL,
      PRIMARY KEY (table_name, id)
    ) STRICT;

    CREATE TABLE sync_overrides (
      seq INTEGER PRIMARY KEY,
      table_name TEXT NOT NULL,
      record_id TEXT NOT NULL,
      field TEXT NOT NULL,
      lost_value TEXT,
      won_value TEXT,
      previous_by TEXT,
      mutation_id TEXT NOT NULL,
      at TEXT NOT NULL
    ) STRICT;
    CREATE INDEX sync_overrides_record ON sync_overrides (table_name, record_id, seq);

    ALTER TABLE outbox ADD COLUMN state TEXT NOT NULL DEFAULT 'waiting'
      CHECK (state IN ('waiting', 'retrying', 'rejected'));
    ALTER TABLE outbox ADD COLUMN reason TEXT;
    ALTER TABLE outbox ADD COLUMN first_failed_at TEXT;
    CREATE INDEX outbox_record ON outbox (table_name, record_id, seq);

    ALTER TABLE sync_state ADD COLUMN device_id TEXT;
    ALTER TABLE sync_state ADD COLUMN device_user_id TEXT;
    ALTER TABLE sync_state ADD COLUMN paused_reason TEXT;
    ALTER TABLE sync_state ADD COLUMN last_trail_seq INTEGER NOT NULL DEFAULT 0;
  `,
};
