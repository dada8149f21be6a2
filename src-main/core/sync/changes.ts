/**
 * The single way a service records a change: the outbox entry (for sync) and the audit-trail
 * event are written in the caller's transaction, so a change can never exist without both
 * (DESIGN §4.1).
 */
import type { Statement } from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import type { Db } from '../db/database';
import { appendEvent } from '../audit-trail/trail';

export type Row = Record<string, unknown>;

export interface Change {
  table: string;
  recordId: string;
  orgId: string;
  actor: string;
  at: string;
  /** The row before the change (null for an insert). */
  before: Row | null;
  /** The row after the change (a tombstoned row for a delete). */
  after: Row;
  op: 'insert' | 'update' | 'delete';
}

/** Fields that every synced row carries and that the server stamps itself (row_version: only sync writes it). */
// edited_by (policies) is stamped by the server from the JWT on a material edit: the replica keeps
// its own stamp meanwhile, and sending it would only be overwritten.
export const BOOKKEEPING: ReadonlySet<string> = new Set(['updated_at', 'updated_by', 'created_at', 'row_version', 'edited_by']);

// Prepared once per database: an import records thousands of changes in one transaction.
const outboxInserts = new WeakMap<Db, Statement<unknown[]>>();
const outboxInsert = (db: Db) => {
  let statement = outboxInserts.get(db);
  if (!statement) {
    statement = db.prepare(
      `INSERT INTO outbox (mutation_id, org_id, table_name, record_id, op, patch, base, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    outboxInserts.set(db, statement);
  }
  return statement;
};

export function recordChange(db: Db, change: Change): void {
  const changed = Object.keys(change.after).filter(
    (key) => !BOOKKEEPING.has(key) && (change.before === null || change.before[key] !== change.after[key]),
  );
  if (change.op === 'update' && changed.length === 0) return;
  const patch = Object.fromEntries(changed.map((key) => [key, change.after[key]]));
  const base = change.before === null ? null : Object.fromEntries(changed.map((key) => [key, change.before?.[key]]));
  outboxInsert(db).run(
    randomUUID(),
    change.orgId,
    change.table,
    change.recordId,
    change.op,
    JSON.stringify(patch),
    base && JSON.stringify(base),
    change.at,
  );
  appendEvent(db, {
    orgId: change.orgId,
    recordTable: change.table,
    recordId: change.recordId,
    action: change.op === 'insert' ? 'create' : change.op,
    actor: change.actor,
    at: change.at,
    before: change.before === null ? null : base,
    after: patch,
  });
}

export function pendingCount(db: Db): number {
  return (db.prepare('SELECT count(*) AS n FROM outbox').get() as { n: number }).n;
}
