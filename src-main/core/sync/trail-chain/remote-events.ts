/**
 * Other devices' trail events, as pull delivers them (table audit_events), kept with their
 * chain in the replica table remote_audit_events so Settings → Verify can check each device's
 * chain. This replica's own events come back through pull too; they are already in
 * audit_events and are not stored twice.
 */
import { z } from 'zod';
import { Id } from '../../../../src-shared/domain/common';
import { AppError, ErrorCode } from '../../../../src-shared/errors';
import { canonicalJson } from '../../audit-trail/canonical-json';
import type { Db } from '../../db/database';

const Hash = z.string().regex(/^[0-9a-f]{64}$/, 'must be a SHA-256 in hex');
// Postgres renders timestamptz as `2026-12-01T22:10:00.123+00:00`; the replica keeps instants
// as `toISOString()` gives them, which is also how the device that recorded it wrote `at`.
const Instant = z.iso.datetime({ offset: true }).transform((v) => new Date(v).toISOString());
const JsonObject = z.record(z.string(), z.unknown()).nullable();

/** The fields of a server audit_events row this needs (pull sends the whole row). */
export const RemoteTrailRow = z.object({
  id: Id,
  org_id: Id,
  device_id: Id.nullable(),
  seq: z.coerce.number().int().min(1).nullable(),
  record_table: z.string().min(1).max(100),
  record_id: z.string().min(1).max(100),
  action: z.enum(['create', 'update', 'delete']),
  actor: z.string().max(200),
  at: Instant,
  claimed_at: Instant.nullable(),
  before: JsonObject,
  after: JsonObject,
  prev_hash: Hash.nullable(),
  hash: Hash,
});

export type ApplyOutcome = 'stored' | 'already_stored' | 'own_event';

/**
 * Stores one pulled event; call inside the transaction that applies the pull page. Applying the
 * same event again changes nothing. An event without a device chain (written by the project's
 * operator, not by a device) is kept too, outside every chain. A malformed row throws and
 * stores nothing.
 */
export function applyRemoteTrailEvent(db: Db, serverRow: unknown): ApplyOutcome {
  const parsed = RemoteTrailRow.safeParse(serverRow);
  if (!parsed.success) {
    const where = parsed.error.issues[0];
    throw new AppError(
      ErrorCode.InvalidInput,
      `The server sent an audit event that cannot be kept: ${where?.path.join('.') || 'event'} ${where?.message ?? 'is invalid'}.`,
    );
  }
  const e = parsed.data;
  if (e.device_id !== null && (e.seq === null || e.prev_hash === null || e.claimed_at === null)) {
    throw new AppError(
      ErrorCode.InvalidInput,
      "The server sent an audit event of a device's chain without its place in it (seq, prev_hash and claimed_at).",
    );
  }
  if (db.prepare('SELECT 1 FROM audit_events WHERE id = ?').get(e.id)) return 'own_event';
  const info = db
    .prepare(
      `INSERT INTO remote_audit_events
         (id, org_id, device_id, seq, record_table, record_id, action, actor, at, claimed_at, before, after, prev_hash, hash)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT DO NOTHING`,
    )
    .run(
      e.id,
      e.org_id,
      e.device_id,
      e.seq,
      e.record_table,
      e.record_id,
      e.action,
      e.actor,
      e.at,
      e.claimed_at,
      e.before === null ? null : canonicalJson(e.before),
      e.after === null ? null : canonicalJson(e.after),
      e.prev_hash,
      e.hash,
    );
  return info.changes === 1 ? 'stored' : 'already_stored';
}
