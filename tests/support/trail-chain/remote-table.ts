// The replica table for other devices' trail events, with the columns sync-contract.md gives
// it (ENG's replica migration 0019-sync-replica creates the real one). Until that migration is
// merged, trail-chain tests create it with this DDL; once it is, they can drop this helper.
import type { Db } from '../../../src-main/core/db/database';

export const REMOTE_AUDIT_EVENTS_DDL = /* sql */ `
  CREATE TABLE IF NOT EXISTS remote_audit_events (
    id TEXT PRIMARY KEY,
    org_id TEXT NOT NULL,
    device_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    record_table TEXT NOT NULL,
    record_id TEXT NOT NULL,
    action TEXT NOT NULL,
    actor TEXT NOT NULL,
    at TEXT NOT NULL,
    claimed_at TEXT,
    before TEXT,
    after TEXT,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL,
    UNIQUE (device_id, seq)
  ) STRICT;
`;

export function ensureRemoteAuditEvents(db: Db): void {
  const exists = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'remote_audit_events'").get();
  if (!exists) db.exec(REMOTE_AUDIT_EVENTS_DDL);
}
