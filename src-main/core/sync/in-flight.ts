/**
 * Which outbox mutations are out with the server right now, and which ones the server may have
 * taken without this replica knowing (issue 8: a discard must never race a push). Push marks a
 * batch sent before the request leaves and settles it when its answers are committed; a discard
 * waits for that, then looks at the outbox again.
 *
 * "In doubt": the request went out and no answer was committed (the connection broke, the answer
 * was cut, the round stopped before taking it). The server may have applied it, so it cannot be
 * discarded as unsent until an answer is taken (the resend is answered from the server's ledger).
 * Kept in memory: a restart forgets the doubt (a column would keep it; see the report).
 */
import type { Db } from '../db/database';
import { perDatabase } from './per-database';

interface Sent {
  /** Mutation id → the batch's settlement (its answers committed, or given up). */
  out: Map<string, Promise<void>>;
  doubt: Set<string>;
}

const registry = perDatabase((_db: Db, _key: 'in-flight'): Sent => ({ out: new Map(), doubt: new Set() }));

/**
 * One sent batch, settled once: its answers were committed (the server's word is in the replica),
 * abandoned (the server may have applied it; nothing was taken), or refused whole (update_required
 * and the like: the server applied nothing of this request, so what was known before stands).
 */
export interface SentBatch {
  answered(): void;
  abandoned(): void;
  refusedWhole(): void;
}

export function markSent(db: Db, ids: readonly string[]): SentBatch {
  const sent = registry(db, 'in-flight');
  let settle!: () => void;
  const settled = new Promise<void>((resolve) => (settle = resolve));
  for (const id of ids) sent.out.set(id, settled);
  let done = false;
  const finish = (doubt: 'clear' | 'add' | 'keep') => {
    if (done) return;
    done = true;
    for (const id of ids) {
      // A later batch may carry the same id again (a resend); only this batch's mark goes.
      if (sent.out.get(id) === settled) sent.out.delete(id);
      if (doubt === 'add') sent.doubt.add(id);
      if (doubt === 'clear') sent.doubt.delete(id);
    }
    settle();
  };
  return { answered: () => finish('clear'), abandoned: () => finish('add'), refusedWhole: () => finish('keep') };
}

/** Settles when the batch carrying this mutation is done; null when it is not out. */
export const whenSettled = (db: Db, id: string): Promise<void> | null => registry(db, 'in-flight').out.get(id) ?? null;

/** Sent, and no answer taken since: the server may have applied it. */
export const inDoubt = (db: Db, id: string): boolean => registry(db, 'in-flight').doubt.has(id);
