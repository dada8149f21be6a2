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
}

const statements = perDatabase((db: Db) => ({
  // The first entries in outbox order that may go now: not refused, due, and not behind an
  // earlier entry of the same record that is still waiting out its backoff.
  eligible: db.prepare(
    `SELECT o.seq, o.mutation_id, o.table_name, o.record_id, o.op, o.patch, o.base, o.attempts, o.first_failed_at
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
       first_failed_at = coalesce(first_failed_at, ?) WHERE seq = ?`,
  ),
  retry: db.prepare(
    `UPDATE outbox SET state = 'retrying', reason = ?, last_error = ?, attempts = attempts + 1, next_attempt_at = ?,
       first_failed_at = coalesce(first_failed_at, ?) WHERE seq = ?`,
  ),
  override: db.prepare(
    `INSERT INTO sync_overrides (table_name, record_id, field, lost_value, won_value, previous_by, mutation_id, at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  ),
  repoint: db.prepare('UPDATE outbox SET record_id = ? WHERE table_name = ? AND record_id = ?'),
}));

export type PushOutcome =
  { kind: 'sent'; sent: number; more: boolean; report: ApplyReport } | { kind: 'stop'; status: string; message: string };

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

/** Sends one batch; answers what happened. A transport failure is thrown (the engine decides). */
export async function pushBatch(context: PushContext): Promise<PushOutcome> {
  const { db, orgId } = context;
  const now = context.now();
  const entries = statements(db, 'push').eligible.all({ orgId, now, limit: PUSH_BATCH }) as OutboxRow[];
  const extra: { source: MutationSource; mutations: Mutation[] }[] = [];
  let room = PUSH_BATCH - entries.length;
  for (const source of context.sources ?? []) {
    if (room <= 0) break;
    const mutations = source.pending(db, { orgId, deviceId: context.deviceId, limit: room });
    if (mutations.length > 0) extra.push({ source, mutations });
    room -= mutations.length;
  }
  const mutations = [...entries.map(toMutation), ...extra.flatMap((e) => e.mutations)];
  if (mutations.length === 0) return { kind: 'sent', sent: 0, more: false, report: emptyReport() };

  const raw = await context.rpc('push', {
    p_org_id: orgId,
    p_mutations: mutations,
    p_schema_version: SYNC_PROTOCOL_VERSION,
    ...(context.deviceId ? { p_device_id: context.deviceId } : {}),
  });
  const parsed = PushAnswer.safeParse(raw);
  if (!parsed.success)
    throw new Error(`The server answered push in a way this app does not understand: ${parsed.error.message.slice(0, 200)}`);
  const answer = parsed.data;
  if (answer.status !== 'ok' || !('results' in answer)) {
    return { kind: 'stop', status: answer.status, message: (answer as { message?: string }).message ?? answer.status };
  }
  const results = answer.results as PushResult[];
  if (results.length !== mutations.length) {
    throw new Error(`The server answered ${results.length} results for ${mutations.length} changes.`);
  }

  const report = emptyReport();
  if (!db.open) return { kind: 'stop', status: 'closed', message: 'The workspace was closed.' };
  db.transaction(() => {
    db.pragma('defer_foreign_keys = ON');
    entries.forEach((entry, index) => takeAnswer(context, entry, mutations[index], results[index], report, now));
    let offset = entries.length;
    for (const { source, mutations: sent } of extra) {
      source.answered(
        db,
        sent.map((mutation, i) => ({ mutation, answer: results[offset + i] })),
      );
      offset += sent.length;
    }
    // An answered row whose parent this replica has not pulled yet waits in sync_held (the
    // pull that follows brings the parent), so the answers commit.
    settleHeld(db, report, now);
  })();
  return { kind: 'sent', sent: mutations.length, more: mutations.length >= PUSH_BATCH, report };
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
