/**
 * This replica's own trail events, pushed to the server with their chain (issue 8, "the audit
 * trail across devices"). The replica of an organization is one device's chain: seq 1, 2, 3 …,
 * each event's prev_hash the hash of the one before (audit-trail/trail.ts). The server keeps
 * every event only if it extends that device's chain, so events go in seq order and the
 * mark of what the server has only moves over an unbroken run.
 */
import { LOCAL_ORG_ID } from '../../../../src-shared/domain/common';
import type { Db } from '../../db/database';
import type { EventRow } from '../../audit-trail/trail';

/** A push mutation as the wire format has it (supabase/README.md, push). */
export type TrailMutation = {
  id: string;
  table: 'audit_events';
  record_id: string;
  op: 'insert';
  patch: {
    record_table: string;
    record_id: string;
    action: string;
    actor: string;
    /** The device's time of the event; the server's own `at` is when it received it. */
    claimed_at: string;
    before: unknown;
    after: unknown;
    seq: number;
    prev_hash: string;
    hash: string;
    device_id: string;
  };
  base: Record<string, never>;
};

/**
 * The settings key holding the highest seq the server has. One per replica: a replica is one
 * organization on one device, which registers one device id for it.
 */
const PUSHED_KEY = 'sync.trail_pushed_seq';

function pushedSeq(db: Db): number {
  const row = db.prepare('SELECT value FROM settings WHERE key = ?').get(PUSHED_KEY) as { value: string } | undefined;
  const value = row ? (JSON.parse(row.value) as unknown) : 0;
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : 0;
}

/**
 * Push mutations for the events the server does not have yet, oldest first, at most `limit`.
 * The mutation id is the event id, so a resend after a lost answer is answered from the
 * server's ledger instead of being applied twice.
 */
export function pendingTrailMutations(
  db: Db,
  { orgId, deviceId, limit }: { orgId: string; deviceId: string; limit: number },
): TrailMutation[] {
  // The local workspace's trail is nobody else's business: it never leaves the device.
  if (orgId === LOCAL_ORG_ID) return [];
  const rows = db
    .prepare('SELECT * FROM audit_events WHERE seq > ? ORDER BY seq LIMIT ?')
    .all(pushedSeq(db), Math.max(0, Math.floor(limit))) as EventRow[];
  const out: TrailMutation[] = [];
  for (const row of rows) {
    // An event of another org cannot be in this org's chain; the run stops before it.
    if (row.org_id !== orgId) break;
    out.push({
      id: row.id,
      table: 'audit_events',
      record_id: row.id,
      op: 'insert',
      patch: {
        record_table: row.record_table,
        record_id: row.record_id,
        action: row.action,
        actor: row.actor,
        claimed_at: row.at,
        before: row.before === null ? null : (JSON.parse(row.before) as unknown),
        after: row.after === null ? null : (JSON.parse(row.after) as unknown),
        seq: row.seq,
        prev_hash: row.prev_hash,
        hash: row.hash,
        device_id: deviceId,
      },
      base: {},
    });
  }
  return out;
}

/**
 * Records that the server now holds these events (the seqs of mutations it applied). The mark
 * moves only over seqs that continue it, so a hole is pushed again rather than skipped.
 */
export function markTrailPushed(db: Db, seqs: readonly number[]): number {
  let mark = pushedSeq(db);
  for (const seq of [...seqs].sort((a, b) => a - b)) {
    if (seq === mark + 1) mark = seq;
  }
  db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(
    PUSHED_KEY,
    JSON.stringify(mark),
  );
  return mark;
}
