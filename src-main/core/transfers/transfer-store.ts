/**
 * The file_transfers table (migration 0025): one row per file and direction, read back
 * validated. A row is the only state a transfer has between runs: a killed core finds it here
 * and carries on.
 */
import { randomUUID } from 'node:crypto';
import { Transfer, type TransferDirection, type TransferState } from '../../../src-shared/domain/transfers';
import type { Db } from '../db/database';

interface Row {
  id: string;
  direction: TransferDirection;
  sha256: string;
  evidence_id: string;
  size_bytes: number;
  bytes_done: number;
  state: TransferState;
  attempts: number;
  last_error: string | null;
  next_attempt_at: string | null;
  updated_at: string;
  title: string | null;
}

export type TransferRow = Transfer;

const SELECT = `SELECT t.id, t.direction, t.sha256, t.evidence_id, t.size_bytes, t.bytes_done, t.state, t.attempts,
    t.last_error, t.next_attempt_at, t.updated_at, e.title
  FROM file_transfers t LEFT JOIN evidence e ON e.id = t.evidence_id`;

const toTransfer = (row: Row): Transfer =>
  Transfer.parse({
    id: row.id,
    direction: row.direction,
    evidenceId: row.evidence_id,
    title: row.title ?? 'A deleted record',
    sha256: row.sha256,
    bytesDone: Math.min(row.bytes_done, row.size_bytes),
    bytesTotal: row.size_bytes,
    state: row.state,
    lastError: row.last_error,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    updatedAt: row.updated_at,
  });

export interface TransferPatch {
  state?: TransferState;
  bytesDone?: number;
  attempts?: number;
  lastError?: string | null;
  nextAttemptAt?: string | null;
  evidenceId?: string;
}

export function createTransferStore(db: Db, now: () => string) {
  const byId = db.prepare(`${SELECT} WHERE t.id = ?`);
  const byFile = db.prepare(`${SELECT} WHERE t.direction = ? AND t.sha256 = ?`);
  return {
    get(id: string): Transfer | null {
      const row = byId.get(id) as Row | undefined;
      return row ? toTransfer(row) : null;
    },
    find(direction: TransferDirection, sha256: string): Transfer | null {
      const row = byFile.get(direction, sha256) as Row | undefined;
      return row ? toTransfer(row) : null;
    },
    /** The row for this file and direction, made (queued) when there is none. */
    ensure(direction: TransferDirection, sha256: string, evidenceId: string, sizeBytes: number, state: TransferState = 'queued') {
      const at = now();
      db.prepare(
        `INSERT INTO file_transfers (id, direction, sha256, evidence_id, size_bytes, state, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (direction, sha256) DO NOTHING`,
      ).run(randomUUID(), direction, sha256, evidenceId, sizeBytes, state, at, at);
      return this.find(direction, sha256)!;
    },
    update(id: string, patch: TransferPatch): Transfer | null {
      const sets: string[] = ['updated_at = @at'];
      const params: Record<string, unknown> = { id, at: now() };
      const column = {
        state: 'state',
        bytesDone: 'bytes_done',
        attempts: 'attempts',
        lastError: 'last_error',
        nextAttemptAt: 'next_attempt_at',
        evidenceId: 'evidence_id',
      } as const;
      for (const [key, name] of Object.entries(column)) {
        const value = patch[key as keyof TransferPatch];
        if (value === undefined) continue;
        sets.push(`${name} = @${key}`);
        params[key] = value;
      }
      db.prepare(`UPDATE file_transfers SET ${sets.join(', ')} WHERE id = @id`).run(params);
      return this.get(id);
    },
    /** Whether the upload replaces a damaged object on the server (x-upsert). */
    overwrites(id: string): boolean {
      return db.prepare('SELECT overwrite FROM file_transfers WHERE id = ?').pluck().get(id) === 1;
    },
    setOverwrite(id: string, on: boolean) {
      db.prepare('UPDATE file_transfers SET overwrite = ? WHERE id = ?').run(on ? 1 : 0, id);
    },
    remove(id: string) {
      db.prepare('DELETE FROM file_transfers WHERE id = ?').run(id);
    },
    list(filter: 'active' | 'all', limit: number): { items: Transfer[]; total: number } {
      const where = filter === 'active' ? `WHERE t.state <> 'done'` : '';
      const rows = db.prepare(`${SELECT} ${where} ORDER BY t.updated_at DESC, t.id LIMIT ?`).all(limit) as Row[];
      const total = (db.prepare(`SELECT count(*) AS n FROM file_transfers t ${where}`).get() as { n: number }).n;
      return { items: rows.map(toTransfer), total };
    },
    /** Transfers that may run now: queued, or failed with their retry time come. */
    runnable(direction: TransferDirection, nowIso: string): Transfer[] {
      const rows = db
        .prepare(
          `${SELECT} WHERE t.direction = ? AND (t.state IN ('queued', 'running')
             OR (t.state = 'failed' AND t.next_attempt_at IS NOT NULL AND t.next_attempt_at <= ?))
           ORDER BY t.created_at, t.id`,
        )
        .all(direction, nowIso) as Row[];
      return rows.map(toTransfer);
    },
    /** The earliest retry time of a failed transfer, null when none waits. */
    nextRetryAt(): string | null {
      const row = db
        .prepare(`SELECT min(next_attempt_at) AS at FROM file_transfers WHERE state = 'failed' AND next_attempt_at IS NOT NULL`)
        .get() as { at: string | null };
      return row.at;
    },
  };
}

export type TransferStore = ReturnType<typeof createTransferStore>;
