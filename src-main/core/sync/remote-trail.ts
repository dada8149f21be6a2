/**
 * Where pulled audit-trail events go: other devices' events, kept with their chain in
 * remote_audit_events (the replica's own trail stays in audit_events). This is the seam for
 * SRV-B's trail-chain/ (applyRemoteTrailEvent, which also verifies chains); until it lands, the
 * event is stored as the server sent it, once (by id).
 */
import type { Db } from '../db/database';
import { decodeRow, type Row } from './codec';
import { perDatabase } from './per-database';

const insertEvent = perDatabase((db: Db) =>
  db.prepare(
    `INSERT INTO remote_audit_events (id, org_id, device_id, seq, record_table, record_id, action, actor, at, claimed_at, before, after, prev_hash, hash)
     VALUES (@id, @org_id, @device_id, @seq, @record_table, @record_id, @action, @actor, @at, @claimed_at, @before, @after, @prev_hash, @hash)
     ON CONFLICT DO NOTHING`,
  ),
);

/** Stores another device's event; answers whether it was new. Our own events are not stored twice. */
export function applyRemoteTrailRow(db: Db, server: Row): boolean {
  if (typeof server.hash === 'string' && db.prepare('SELECT 1 FROM audit_events WHERE hash = ?').get(server.hash)) return false;
  const row = decodeRow(db, 'remote_audit_events', server);
  return insertEvent(db, 'insert').run(row).changes > 0;
}
