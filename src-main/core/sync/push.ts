/**
 * Sends waiting changes from the outbox and takes the server's answers (issue 8). A batch is at
 * most 1,000 entries (what push takes in one call) in outbox order; an entry waits while an earlier entry of the same record is
 * still retrying (a record's changes arrive in the order they were made), and nothing else
 * waits for anything: a refused or stuck change never blocks another record.
 *
 * Per answer: applied / merged / conflict → the server's row goes through the pull apply path
 * and the entry is gone; `overridden` fields are kept in sync_overrides for the record's
 * history; `merged_into` replaces our row by the one the server kept. A final refusal marks the
 * entry rejected (needs a person; never resent). A refusal that may pass (a parent not there
 * yet, a server error, a transient SQLSTATE) is retried with backoff.
 */
import { z } from 'zod';
import { SYNC_PROTOCOL_VERSION } from '../../../src-shared/sync/protocol';
import type { Db } from '../db/database';
import { applyServerRow, emptyReport, PULLED_TABLES, settleHeld, type ApplyReport } from './apply';
import { encodePatch, type Row } from './codec';
import { backoffMs, RETRY_BACKOFF, type Backoff } from './backoff';
import { markSent, type SentBatch } from './in-flight';
import { perDatabase } from './per-database';

// The server's push takes at most 1,000 mutations per call; each round trip costs more than the
// rows in it, so a batch fills that (issue 8, push of 10,000 in ≤ 5 s).
export const PUSH_BATCH = 1000;

/** Refusals the ledger does not keep (sync-contract.md): sending the same mutation again may apply. */
const RETRYABLE = new Set(['missing_reference', 'error', 'unknown_table', 'unknown_field', '40001', '40P01', '55P03', '57014']);

export const isRetryable = (reason: string) => RETRYABLE.has(reason) || /^(40|55|57|08|53)[0-9A-Z]{3}$/.test(reason);

export interface Mutation {
  id: string;
  table: string;
  record_id: string;
  op: 'insert' | 'update' | 'delete';
  patch: Row;
  base: Row;
}

/**
 * More mutations to send with the outbox's (the trail chain's events, SRV-B): each source
 * answers what it has waiting and is told which of its mutations the server took for good.
 */
export interface MutationSource {
  pending(db: Db, context: { orgId: string; deviceId: string | null; limit: number }): Mutation[];
  answered(db: Db, answers: { mutation: Mutation; answer: PushResult }[]): void;
}

const PushResult = z.looseObject({
  id: z.string().nullable().optional(),
  status: z.enum(['applied', 'merged', 'conflict', 'rejected']),
  reason: z.string().optional(),
  message: z.string().optional(),
  row: z.record(z.string(), z.unknown()).nullable().optional(),
  overridden: z.array(z.string()).optional(),
  previous: z.record(z.string(), z.unknown()).nullable().optional(),
  previous_by: z.string().nullable().optional(),
  merged_into: z.string().nullable().optional(),
  conflict_id: z.string().nullable().optional(),
});
export type PushResult = z.infer<typeof PushResult>;

export const WholeAnswer = z.looseObject({
  status: z.string(),
  message: z.string().optional(),
  min_client_schema_version: z.number().optional(),
  /** update_required below the organization's minimum app version (fleet policy). */
  min_app_version: z.string().nullable().optional(),
});

/** A whole answer that stops the round: its status, its words, and the version fields of update_required. */
export interface Stop {
  kind: 'stop';
  status: string;
  message: string;
  minAppVersion?: string | null;
  minClientSchemaVersion?: number;
}

/** A whole answer of push or pull as the round's stop. */
export const wholeStop = (whole: z.infer<typeof WholeAnswer>): Stop => ({
  kind: 'stop',
  status: whole.status,
  message: whole.message ?? whole.status,
  minAppVersion: whole.min_app_version,
  minClientSchemaVersion: whole.min_client_schema_version,
});

const PushAnswer = z.union([
  z.looseObject({ status: z.literal('ok'), results: z.array(PushResult) }),
  WholeAnswer.refine((a) => a.status !== 'ok', 'an ok answer needs results'),
]);

interface OutboxRow {
  seq: number;
  mutation_id: string;
  table_name: string;
  record_id: string;
  op: 'insert' | 'update' | 'delete';
  patch: string;
  base: string | null;
  attempts: number;
  first_failed_at: string | null;
  /** Sent with no answer taken since (in doubt, in-flight.ts). */
  sent_at: string | null;
}

const statements = perDatabase((db: Db) => ({
  // The first entries in outbox order that may go now: not refused, due, and not behind an
  // earlier entry of the same record that is still waiting out its backoff.
  eligible: db.prepare(
    `SELECT o.seq, o.mutation_id, o.table_name, o.record_id, o.op, o.patch, o.base, o.attempts, o.first_failed_at, o.sent_at
     FROM outbox o
     WHERE o.org_id = @orgId AND o.state <> 'rejected'
       AND (o.next_attempt_at IS NULL OR o.next_attempt_at <= @now)
       AND NOT EXISTS (
         SELECT 1 FROM outbox p
         WHERE p.table_name = o.table_name AND p.record_id = o.record_id AND p.seq < o.seq
           AND p.state <> 'rejected' AND p.next_attempt_at > @now)
     ORDER BY o.seq LIMIT @limit`,
  ),
  remove: db.prepare('DELETE FROM outbox WHERE seq = ?'),
  reject: db.prepare(
    `UPDATE outbox SET state = 'rejected', reason = ?, last_error = ?, attempts = attempts + 1, next_attempt_at = NULL,
       sent_at = NULL, first_failed_at = coalesce(first_failed_at, ?) WHERE seq = ?`,
  ),
  retry: db.prepare(
    `UPDATE outbox SET state = 'retrying', reason = ?, last_error = ?, attempts = attempts + 1, next_attempt_at = ?,
       sent_at = NULL, first_failed_at = coalesce(first_failed_at, ?) WHERE seq = ?`,
  ),
  override: db.prepare(
    `INSERT INTO sync_overrides (table_name, record_id, field, lost_value, won_value, previous_by, mutation_id, at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  ),
  repoint: db.prepare('UPDATE outbox SET record_id = ? WHERE table_name = ? AND record_id = ?'),
}));

export type PushOutcome = { kind: 'sent'; sent: number; more: boolean; report: ApplyReport } | Stop;

export interface PushContext {
  db: Db;
  orgId: string;
  deviceId: string | null;
  rpc(name: string, args: Record<string, unknown>): Promise<unknown>;
  now(): string;
  random?: () => number;
  backoff?: Backoff;
  sources?: readonly MutationSource[];
}

/** The outbox entry as the server's push takes it (server representation; insert base {}). */
export function toMutation(
  entry: Pick<OutboxRow, 'mutation_id' | 'table_name' | 'record_id' | 'op' | 'patch' | 'base'>,
): Mutation {
  return {
    id: entry.mutation_id,
    table: entry.table_name,
    record_id: entry.record_id,
    op: entry.op,
    patch: encodePatch(entry.table_name, JSON.parse(entry.patch) as Row),
    base: entry.op === 'insert' || entry.base === null ? {} : encodePatch(entry.table_name, JSON.parse(entry.base) as Row),
  };
}

/** One batch: the outbox entries and the sources' mutations, in the order they are sent. */
interface Batch {
  now: string;
  entries: OutboxRow[];
  extra: { source: MutationSource; mutations: Mutation[] }[];
  mutations: Mutation[];
  /** Set when the batch is sent: a discard of one of its entries waits for its answer. */
  sent?: SentBatch;
}

type Answered = { kind: 'results'; results: PushResult[] } | Stop;

/**
 * The next batch. `inFlight` is a batch sent and answered but not committed yet (pipelining):
 * its entries are still in the outbox and its source events still pending, so they are left out.
 */
function nextBatch(context: PushContext, inFlight?: Batch): Batch {
  const { db, orgId } = context;
  const now = context.now();
  const sentSeqs = new Set(inFlight?.entries.map((e) => e.seq));
  const entries = (statements(db, 'push').eligible.all({ orgId, now, limit: PUSH_BATCH + sentSeqs.size }) as OutboxRow[])
    .filter((entry) => !sentSeqs.has(entry.seq))
    .slice(0, PUSH_BATCH);
  const extra: Batch['extra'] = [];
  let room = PUSH_BATCH - entries.length;
  for (const source of context.sources ?? []) {
    if (room <= 0) break;
    const sent = new Set(inFlight?.extra.find((e) => e.source === source)?.mutations.map((m) => m.id));
    const mutations = source
      .pending(db, { orgId, deviceId: context.deviceId, limit: room + sent.size })
      .filter((m) => !sent.has(m.id))
      .slice(0, room);
    if (mutations.length > 0) extra.push({ source, mutations });
    room -= mutations.length;
  }
  return { now, entries, extra, mutations: [...entries.map(toMutation), ...extra.flatMap((e) => e.mutations)] };
}

/** Sends a batch and checks the answer's shape. A transport failure is thrown. */
async function send(context: PushContext, batch: Batch): Promise<Answered> {
  // Marked before the request leaves (synchronously with choosing the batch): a discard that
  // comes after this sees the entry out and waits for its answer, and one after a crash sees
  // it in doubt (sent_at, written before the request, cleared with the answer it takes).
  const sent = markSent(context.db, batch.entries, batch.now);
  batch.sent = sent;
  try {
    const answered = await request(context, batch);
    if (answered.kind === 'stop') sent.refusedWhole();
    return answered;
  } catch (error) {
    sent.abandoned();
    throw error;
  }
}

async function request(context: PushContext, batch: Batch): Promise<Answered> {
  const raw = await context.rpc('push', {
    p_org_id: context.orgId,
    p_mutations: batch.mutations,
    p_schema_version: SYNC_PROTOCOL_VERSION,
    ...(context.deviceId ? { p_device_id: context.deviceId } : {}),
  });
  const parsed = PushAnswer.safeParse(raw);
  if (!parsed.success)
    throw new Error(`The server answered push in a way this app does not understand: ${parsed.error.message.slice(0, 200)}`);
  const answer = parsed.data;
  if (answer.status !== 'ok' || !('results' in answer)) return wholeStop(answer as z.infer<typeof WholeAnswer>);
  const results = answer.results as PushResult[];
  if (results.length !== batch.mutations.length) {
    throw new Error(`The server answered ${results.length} results for ${batch.mutations.length} changes.`);
  }
  return { kind: 'results', results };
}

/** Takes a batch's answers in one transaction. */
function commit(context: PushContext, batch: Batch, results: PushResult[]): PushOutcome {
  const { db } = context;
  const report = emptyReport();
  if (!db.open) {
    batch.sent?.abandoned();
    return { kind: 'stop', status: 'closed', message: 'The workspace was closed.' };
  }
  try {
    takeAll(context, batch, results, report);
  } catch (error) {
    batch.sent?.abandoned();
    throw error;
  }
  batch.sent?.answered();
  return { kind: 'sent', sent: batch.mutations.length, more: batch.mutations.length >= PUSH_BATCH, report };
}

function takeAll(context: PushContext, batch: Batch, results: PushResult[], report: ApplyReport) {
  const { db } = context;
  db.transaction(() => {
    db.pragma('defer_foreign_keys = ON');
    batch.entries.forEach((entry, index) =>
      takeAnswer(context, entry, batch.mutations[index], results[index], report, batch.now),
    );
    let offset = batch.entries.length;
    for (const { source, mutations: sent } of batch.extra) {
      source.answered(
        db,
        sent.map((mutation, i) => ({ mutation, answer: results[offset + i] })),
      );
      offset += sent.length;
    }
    // An answered row whose parent this replica has not pulled yet waits in sync_held (the
    // pull that follows brings the parent), so the answers commit.
    settleHeld(db, report, batch.now);
  })();
}

/**
 * Whether the batch after this one is the same chosen now as after committing this one's
 * answers: every change was taken for good (applied or merged: the entry goes, the event is
 * pushed) and none re-pointed later entries to another record. A refusal (a later change of
 * that record must wait) or a merge into another id keeps the next batch for after the commit.
 */
const nextIsKnown = (batch: Batch, results: PushResult[]) =>
  results.every(
    (result, index) =>
      (result.status === 'applied' || result.status === 'merged') &&
      !(index < batch.entries.length && result.merged_into && result.merged_into !== batch.entries[index]!.record_id),
  );

/** Sends one batch; answers what happened. A transport failure is thrown (the engine decides). */
export async function pushBatch(context: PushContext): Promise<PushOutcome> {
  const batch = nextBatch(context);
  if (batch.mutations.length === 0) return { kind: 'sent', sent: 0, more: false, report: emptyReport() };
  const answered = await send(context, batch);
  return answered.kind === 'stop' ? answered : commit(context, batch, answered.results);
}

/**
 * Pushes until nothing eligible is left, pipelined: once a full batch is answered and every
 * change in it was taken, the next batch is sent before this one's answers are committed, so
 * the server works while the replica writes. The server still takes batches one after another
 * (the next is sent only after this one's answer), so a record's changes and a device's trail
 * keep their order; a kill between the send and the commit resends answered mutations, which
 * the server's ledger answers again by mutation id. `onBatch` runs after each commit; false stops.
 */
export async function pushAll(
  context: PushContext,
  onBatch: (outcome: Extract<PushOutcome, { kind: 'sent' }>) => boolean,
): Promise<PushOutcome> {
  const nothing = { kind: 'sent', sent: 0, more: false, report: emptyReport() } as const;
  let batch = nextBatch(context);
  if (batch.mutations.length === 0) {
    onBatch(nothing);
    return nothing;
  }
  let answer = send(context, batch);
  for (;;) {
    const answered = await answer;
    if (answered.kind === 'stop') return answered;
    const more = batch.mutations.length >= PUSH_BATCH;
    let next: Batch | null = null;
    let nextAnswer: Promise<Answered> | null = null;
    if (more && context.db.open && nextIsKnown(batch, answered.results)) {
      next = nextBatch(context, batch);
      if (next.mutations.length > 0) {
        nextAnswer = send(context, next);
        // Awaited after the commit below; until then a failure must not count as unhandled.
        nextAnswer.catch(() => undefined);
      }
    }
    const outcome = commit(context, batch, answered.results);
    if (outcome.kind === 'stop' || !onBatch(outcome) || !outcome.more) {
      // The next batch went out and its answer will not be taken: the server may apply it.
      next?.sent?.abandoned();
      return outcome;
    }
    if (nextAnswer === null || next === null) {
      next = nextBatch(context);
      if (next.mutations.length === 0) return nothing;
      nextAnswer = send(context, next);
    }
    batch = next;
    answer = nextAnswer;
  }
}

function takeAnswer(
  context: PushContext,
  entry: OutboxRow,
  mutation: Mutation,
  result: PushResult,
  report: ApplyReport,
  now: string,
) {
  const { db } = context;
  const s = statements(db, 'push');
  if (result.status === 'rejected') {
    const reason = result.reason ?? 'error';
    const message = result.message ?? reason;
    if (isRetryable(reason)) {
      const wait = backoffMs(entry.attempts + 1, context.backoff ?? RETRY_BACKOFF, context.random);
      s.retry.run(reason, message, new Date(Date.parse(now) + wait).toISOString(), now, entry.seq);
    } else {
      s.reject.run(reason, message, now, entry.seq);
    }
    return;
  }
  s.remove.run(entry.seq);
  const row = result.row ?? null;
  const keptId = result.merged_into && result.merged_into !== entry.record_id ? result.merged_into : null;
  if (keptId && PULLED_TABLES.has(entry.table_name)) {
    // Two devices made the same row under two ids: the server kept its own; ours goes, and
    // whatever of ours still waits is about the kept row now.
    db.prepare(`DELETE FROM "${entry.table_name}" WHERE id = ?`).run(entry.record_id);
    s.repoint.run(keptId, entry.table_name, entry.record_id);
    report.changed.set(entry.table_name, new Set([...(report.changed.get(entry.table_name) ?? []), entry.record_id]));
  }
  if (row && typeof row.id === 'string') {
    const version = Number(row.row_version ?? 0);
    applyServerRow(db, { table: entry.table_name, id: row.id, row_version: version, row }, report, { now });
  }
  for (const field of result.overridden ?? []) {
    const previous = result.previous ?? {};
    s.override.run(
      entry.table_name,
      keptId ?? entry.record_id,
      field,
      field in previous ? JSON.stringify(previous[field]) : null,
      JSON.stringify(mutation.patch[field] ?? null),
      result.previous_by ?? null,
      entry.mutation_id,
      now,
    );
  }
}
