/**
 * Which outbox mutations are out with the server right now, and which ones the server may have
 * taken without this replica knowing (issue 8: a discard must never race a push). Push marks a
 * batch sent before the request leaves and settles it when its answers are committed; a discard
 * waits for that, then looks at the outbox again.
 *
 * "In doubt": the request went out and no answer was committed (the connection broke, the answer
 * was cut, the round stopped before taking it, the app was killed). The server may have applied
 * it, so it cannot be discarded as unsent until an answer is taken (the resend is answered from
 * the server's ledger). The doubt is the outbox's sent_at (migration 0029), so it survives a
 * restart: set by one UPDATE per batch before the request leaves, cleared by the transaction
 * that takes the entry's answer (push.ts). A push that failed before reaching the server (the
 * connection refused) stays in doubt too: safe, and the next answered resend clears it.
 * What is out right now (a promise to wait on) is this process's only, so it is kept in memory.
 */
import type { Db } from '../db/database';
import { perDatabase } from './per-database';

/** Mutation id → the settlement of the batch carrying it (its answers committed, or given up). */
const registry = perDatabase((_db: Db, _key: 'in-flight') => new Map<string, Promise<void>>());

const statements = perDatabase((db: Db) => ({
  // The batch's entries by one id list (a batch is up to 1,000: one statement, not 1,000).
  mark: db.prepare(`UPDATE outbox SET sent_at = @at WHERE seq IN (SELECT value FROM json_each(@seqs))`),
  unmark: db.prepare(`UPDATE outbox SET sent_at = NULL WHERE seq IN (SELECT value FROM json_each(@seqs))`),
  doubt: db.prepare(`SELECT sent_at FROM outbox WHERE mutation_id = ?`).pluck(),
}));

/**
 * One sent batch, settled once: its answers were committed (the server's word is in the replica,
 * and the same transaction cleared sent_at), abandoned (the server may have applied it; sent_at
 * stays), or refused whole (update_required and the like: the server applied nothing of this
 * request, so what was known before it stands).
 */
export interface SentBatch {
  answered(): void;
  abandoned(): void;
  refusedWhole(): void;
}

/** The outbox entries of a batch, with what was known of them when it was chosen. */
export interface SentEntry {
  seq: number;
  mutation_id: string;
  sent_at: string | null;
}

export function markSent(db: Db, entries: readonly SentEntry[], at: string): SentBatch {
  const out = registry(db, 'in-flight');
  const s = statements(db, 'in-flight');
  if (entries.length > 0) s.mark.run({ at, seqs: JSON.stringify(entries.map((e) => e.seq)) });
  let settle!: () => void;
  const settled = new Promise<void>((resolve) => (settle = resolve));
  for (const entry of entries) out.set(entry.mutation_id, settled);
  let done = false;
  const finish = (undo: boolean) => {
    if (done) return;
    done = true;
    // A later batch may carry the same id again (a resend); only this batch's mark goes.
    for (const entry of entries) if (out.get(entry.mutation_id) === settled) out.delete(entry.mutation_id);
    if (undo && db.open) {
      // Not in doubt before this request, and the server applied nothing of it: not in doubt now.
      const clear = entries.filter((e) => e.sent_at === null).map((e) => e.seq);
      if (clear.length > 0) s.unmark.run({ seqs: JSON.stringify(clear) });
    }
    settle();
  };
  return { answered: () => finish(false), abandoned: () => finish(false), refusedWhole: () => finish(true) };
}

/** Settles when the batch carrying this mutation is done; null when it is not out. */
export const whenSettled = (db: Db, id: string): Promise<void> | null => registry(db, 'in-flight').get(id) ?? null;

/** Sent, and no answer taken since: the server may have applied it. */
export const inDoubt = (db: Db, id: string): boolean => statements(db, 'in-flight').doubt.get(id) != null;
