/**
 * Checks every other device's chain held in remote_audit_events, the way verifyTrail checks
 * this replica's own: seq 1, 2, 3 … with no gap, each prev_hash the previous hash (the first
 * one's the genesis hash), and each hash recomputed from the event's fields. The hash covers
 * canonical JSON (sorted keys), so the key order jsonb gave the server does not matter.
 */
import type { TrailChainReport } from '../../../../src-shared/domain/trail';
import { GENESIS_HASH, hashOf } from '../../audit-trail/trail';
import type { Db } from '../../db/database';

interface RemoteRow {
  id: string;
  org_id: string;
  device_id: string;
  seq: number;
  record_table: string;
  record_id: string;
  action: 'create' | 'update' | 'delete';
  actor: string;
  /** The device's own time of the event: what its hash covers as `at` (null only outside chains). */
  claimed_at: string | null;
  before: string | null;
  after: string | null;
  prev_hash: string;
  hash: string;
}

const parseJson = (text: string | null): Record<string, unknown> | null =>
  text === null ? null : (JSON.parse(text) as Record<string, unknown>);

/** Why the event at this place breaks its chain, or null when it extends it. */
function problemOf(row: RemoteRow, expectedSeq: number, previousHash: string): string | null {
  if (row.seq !== expectedSeq) {
    return row.seq === expectedSeq + 1 ? `event ${expectedSeq} is missing` : `events ${expectedSeq}–${row.seq - 1} are missing`;
  }
  if (row.prev_hash !== previousHash) return `event ${row.seq} does not follow the previous event (chain broken)`;
  let content: { before: Record<string, unknown> | null; after: Record<string, unknown> | null };
  try {
    content = { before: parseJson(row.before), after: parseJson(row.after) };
  } catch {
    return `event ${row.seq} is not readable (its before/after JSON was altered)`;
  }
  const hash = hashOf({
    id: row.id,
    orgId: row.org_id,
    recordTable: row.record_table,
    recordId: row.record_id,
    action: row.action,
    actor: row.actor,
    at: row.claimed_at ?? '',
    ...content,
    prevHash: row.prev_hash,
  });
  return hash === row.hash ? null : `event ${row.seq}'s content does not match its hash (event was edited)`;
}

export function verifyChains(db: Db): TrailChainReport[] {
  const reports: TrailChainReport[] = [];
  let expectedSeq = 1;
  let previousHash = GENESIS_HASH;
  // Events outside every chain (no device: written by the project's operator) have nothing to check against.
  const rows = db
    .prepare('SELECT * FROM remote_audit_events WHERE device_id IS NOT NULL ORDER BY device_id, seq')
    .iterate() as IterableIterator<RemoteRow>;
  for (const row of rows) {
    let current = reports.at(-1);
    if (current?.deviceId !== row.device_id) {
      current = { deviceId: row.device_id, events: 0, ok: true, message: '' };
      reports.push(current);
      expectedSeq = 1;
      previousHash = GENESIS_HASH;
    }
    current.events++;
    if (current.ok) {
      const problem = problemOf(row, expectedSeq, previousHash);
      if (problem) {
        current.ok = false;
        current.firstBadSeq = Math.min(row.seq, expectedSeq);
        current.message = problem;
      }
    }
    expectedSeq = row.seq + 1;
    previousHash = row.hash;
  }
  for (const r of reports) {
    if (r.ok) r.message = `${r.events} ${r.events === 1 ? 'event' : 'events'}, chain intact`;
  }
  return reports;
}
