import type { Migration } from '../migrate';

/** The outbox and the audit trail: every later table writes both in the same transaction. */
export const m0001: Migration = {
  version: 1,
  name: 'sync-bookkeeping',
  sql: /* sql */ `
    CREATE TABLE outbox (
      seq INTEGER PRIMARY KEY,
      mutation_id TEXT NOT NULL UNIQUE,
      org_id TEXT NOT NULL,
      table_name TEXT NOT NULL,
      record_id TEXT NOT NULL,
      op TEXT NOT NULL CHECK (op IN ('insert', 'update', 'delete')),
      patch TEXT NOT NULL,
      base TEXT,
      created_at TEXT NOT NULL,
      attempts INTEGER NOT NULL DEFAULT 0,
      last_error TEXT,
      next_attempt_at TEXT
    ) STRICT;

    CREATE TABLE sync_state (
      org_id TEXT PRIMARY KEY,
      cursor TEXT,
      last_synced_at TEXT,
      last_error TEXT
    ) STRICT;

    -- AUTOINCREMENT: sqlite_sequence remembers the highest seq, so deleting the newest event
    -- leaves a visible gap instead of a shorter, still-valid chain.
    CREATE TABLE audit_events (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      id TEXT NOT NULL UNIQUE,
      org_id TEXT NOT NULL,
      record_table TEXT NOT NULL,
      record_id TEXT NOT NULL,
      action TEXT NOT NULL CHECK (action IN ('create', 'update', 'delete')),
      actor TEXT NOT NULL,
      at TEXT NOT NULL,
      before TEXT,
      after TEXT,
      prev_hash TEXT NOT NULL,
      hash TEXT NOT NULL UNIQUE
    ) STRICT;
    CREATE INDEX audit_events_record ON audit_events (record_table, record_id, seq);

    -- Append-only: the app never updates or deletes an event; a tool that does is caught by the
    -- hash chain, and casual edits are stopped here.
    CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
      BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;
    CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
      BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;
  `,
};
