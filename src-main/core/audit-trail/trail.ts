/**
 * The append-only audit trail: who changed which record, when, before and after. Each event's
 * hash covers its fields and the previous event's hash, so editing, deleting or reordering an
 * event in the file breaks the chain and verifyTrail names where.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Statement } from 'better-sqlite3';
import type { Db } from '../db/database';
import { canonicalJson } from './canonical-json';

export const GENESIS_HASH = '0'.repeat(64);

export type TrailAction = 'create' | 'update' | 'delete';

export interface TrailEvent {
  seq: number;
  id: string;
  orgId: string;
  recordTable: string;
  recordId: string;
  action: TrailAction;
  actor: string;
  at: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  prevHash: string;
  hash: string;
}

/** A row of the replica's audit_events table, as SQLite returns it. */
export interface EventRow {
  seq: number;
  id: string;
  org_id: string;
  record_table: string;
  record_id: string;
  action: TrailAction;
  actor: string;
  at: string;
  before: string | null;
  after: string | null;
  prev_hash: string;
  hash: string;
}

/** An event's hash: its fields and the previous hash, as canonical JSON (also how other devices' chains are checked). */
export const hashOf = (e: Omit<TrailEvent, 'seq' | 'hash'>) =>
  createHash('sha256')
    .update(
      canonicalJson({
        id: e.id,
        orgId: e.orgId,
        recordTable: e.recordTable,
        recordId: e.recordId,
        action: e.action,
        actor: e.actor,
        at: e.at,
        before: e.before,
        after: e.after,
        prevHash: e.prevHash,
      }),
    )
    .digest('hex');

// Prepared once per database: an import appends thousands of events in one transaction.
const appendStatements = new WeakMap<Db, { last: Statement<[]>; insert: Statement<unknown[]> }>();
function statementsFor(db: Db) {
  let statements = appendStatements.get(db);
  if (!statements) {
    statements = {
      last: db.prepare('SELECT hash FROM audit_events ORDER BY seq DESC LIMIT 1'),
      insert: db.prepare(
        `INSERT INTO audit_events (id, org_id, record_table, record_id, action, actor, at, before, after, prev_hash, hash)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
    };
    appendStatements.set(db, statements);
  }
  return statements;
}

/** Appends one event; call inside the transaction that makes the change. */
export function appendEvent(db: Db, event: Omit<TrailEvent, 'seq' | 'id' | 'prevHash' | 'hash'>): TrailEvent {
  const statements = statementsFor(db);
  const last = statements.last.get() as { hash: string } | undefined;
  const draft = { ...event, id: randomUUID(), prevHash: last?.hash ?? GENESIS_HASH };
  const hash = hashOf(draft);
  const info = statements.insert.run(
    draft.id,
    draft.orgId,
    draft.recordTable,
    draft.recordId,
    draft.action,
    draft.actor,
    draft.at,
    draft.before === null ? null : canonicalJson(draft.before),
    draft.after === null ? null : canonicalJson(draft.after),
    draft.prevHash,
    hash,
  );
  return { ...draft, seq: Number(info.lastInsertRowid), hash };
}

const fromRow = (row: EventRow): TrailEvent => ({
  seq: row.seq,
  id: row.id,
  orgId: row.org_id,
  recordTable: row.record_table,
  recordId: row.record_id,
  action: row.action,
  actor: row.actor,
  at: row.at,
  before: row.before === null ? null : (JSON.parse(row.before) as Record<string, unknown>),
  after: row.after === null ? null : (JSON.parse(row.after) as Record<string, unknown>),
  prevHash: row.prev_hash,
  hash: row.hash,
});

/** One page of a record's events, newest first, with how many there are in all. */
export function eventsForRecordPage(
  db: Db,
  recordTable: string,
  recordId: string,
  page: { offset: number; limit: number },
): { events: TrailEvent[]; total: number } {
  const total = (
    db.prepare('SELECT count(*) AS n FROM audit_events WHERE record_table = ? AND record_id = ?').get(recordTable, recordId) as {
      n: number;
    }
  ).n;
  const rows = db
    .prepare('SELECT * FROM audit_events WHERE record_table = ? AND record_id = ? ORDER BY seq DESC LIMIT ? OFFSET ?')
    .all(recordTable, recordId, page.limit, page.offset) as EventRow[];
  return { events: rows.map(fromRow), total };
}

export function eventsForRecord(db: Db, recordTable: string, recordId: string): TrailEvent[] {
  const rows = db
    .prepare('SELECT * FROM audit_events WHERE record_table = ? AND record_id = ? ORDER BY seq')
    .all(recordTable, recordId) as EventRow[];
  return rows.map(fromRow);
}

export interface TrailProblem {
  seq: number;
  problem: string;
}

/** How often verifyTrail reports progress, in events. */
const PROGRESS_EVERY = 5000;

/**
 * Walks the whole chain; an empty list means nothing was edited, removed or reordered.
 * `onProgress(done, total)` is called every few thousand events on long trails.
 */
export function verifyTrail(
  db: Db,
  onProgress?: (done: number, total: number) => void,
): { events: number; problems: TrailProblem[] } {
  const problems: TrailProblem[] = [];
  const total = onProgress ? (db.prepare('SELECT count(*) AS n FROM audit_events').get() as { n: number }).n : 0;
  let previousHash = GENESIS_HASH;
  let expectedSeq = 1;
  let events = 0;
  for (const row of db.prepare('SELECT * FROM audit_events ORDER BY seq').iterate() as IterableIterator<EventRow>) {
    events++;
    if (onProgress && events % PROGRESS_EVERY === 0) onProgress(events, total);
    if (row.seq !== expectedSeq) problems.push({ seq: expectedSeq, problem: missing(expectedSeq, row.seq - 1) });
    let event: TrailEvent;
    try {
      event = fromRow(row);
    } catch {
      problems.push({ seq: row.seq, problem: 'event is not readable (its before/after JSON was altered)' });
      previousHash = row.hash;
      expectedSeq = row.seq + 1;
      continue;
    }
    if (event.prevHash !== previousHash)
      problems.push({ seq: row.seq, problem: 'does not follow the previous event (chain broken)' });
    if (hashOf(event) !== event.hash)
      problems.push({ seq: row.seq, problem: 'content does not match its hash (event was edited)' });
    previousHash = event.hash;
    expectedSeq = row.seq + 1;
  }
  const highest = db.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'audit_events'").get() as { seq: number } | undefined;
  if (highest && highest.seq >= expectedSeq) {
    problems.push({ seq: expectedSeq, problem: `the newest ${missing(expectedSeq, highest.seq)}` });
  }
  if (onProgress) onProgress(events, total);
  return { events, problems };
}

const missing = (first: number, last: number) =>
  first === last ? `event ${first} was deleted` : `events ${first}–${last} were deleted`;
