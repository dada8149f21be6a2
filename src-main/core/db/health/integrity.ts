/**
 * When the replica's integrity is checked, and what the last check found. `PRAGMA quick_check`
 * reads the whole file (375 ms at 100k evidence items, 3.4 s at a million), so it is not on the
 * start path: it runs in a worker (integrity-worker.ts) after an unclean shutdown, when the last
 * check is older than `dueAfterMs` (once the app is idle), or when the user asks in Settings.
 * A damaged file is still reported, in Settings and the log, just not before the first screen.
 * The last result is kept in the local-only settings table so it survives restarts.
 */
import type { IntegrityReason, IntegrityState } from '../../../../src-shared/api/database';
import type { Logger } from '../../router/router';
import type { Db } from '../database';
import { checkIntegrityInWorker, type RunningCheck } from './integrity-worker';

const KEY = 'database.integrity';

interface LastCheck {
  checkedAt: string;
  ok: boolean;
  message: string;
}

export interface IntegrityView {
  state: IntegrityState;
  reason: IntegrityReason | null;
  checkedAt: string | null;
  message: string | null;
}

export interface IntegrityOptions {
  db: Db;
  file: string;
  now: () => string;
  log: Logger;
  uncleanShutdown: boolean;
  /** A check older than this is due (default a week). */
  dueAfterMs: number;
}

export function createIntegrityMonitor({ db, file, now, log, uncleanShutdown, dueAfterMs }: IntegrityOptions) {
  const read = db.prepare('SELECT value FROM settings WHERE key = ?');
  const write = db.prepare(
    'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  );

  const readLast = (): LastCheck | null => {
    try {
      const row = read.get(KEY) as { value: string } | undefined;
      const value = row ? (JSON.parse(row.value) as Partial<LastCheck>) : null;
      return value && typeof value.checkedAt === 'string' && typeof value.ok === 'boolean'
        ? { checkedAt: value.checkedAt, ok: value.ok, message: String(value.message ?? '') }
        : null;
    } catch {
      return null;
    }
  };

  let last = readLast();
  const isDue = () => last === null || Date.parse(now()) - Date.parse(last.checkedAt) >= dueAfterMs;
  /** The reason a check is waiting to run, if one is. */
  let pending: IntegrityReason | null = uncleanShutdown ? 'unclean_shutdown' : isDue() ? 'due' : null;
  let running: { reason: IntegrityReason; check: RunningCheck } | null = null;
  let closed = false;
  const waiters = new Set<() => void>();

  const finish = (reason: IntegrityReason, answer: { ok: boolean; message: string }) => {
    running = null;
    if (closed) return;
    last = { checkedAt: now(), ok: answer.ok, message: answer.message };
    if (!answer.ok) log.error(`Integrity check (${reason}) found problems in ${file}`, answer.message);
    try {
      write.run(KEY, JSON.stringify(last));
    } catch (error) {
      // A damaged file may refuse the write too; the result is still shown for this session.
      log.error('Could not record the integrity check result', (error as Error).message);
    }
    for (const wake of waiters) wake();
    waiters.clear();
  };

  return {
    /** True when a check waits to start: after an unclean shutdown, or when one is due. */
    pendingReason: () => (running ? null : pending),

    /** Starts the waiting (or a requested) check in the background; no-op while one runs. */
    start(reason: IntegrityReason = pending ?? 'requested') {
      if (running || closed) return;
      pending = null;
      const check = checkIntegrityInWorker(file);
      running = { reason, check };
      void check.done.then((answer) => finish(reason, answer));
    },

    /** Resolves when the running check (if any) has finished and its result is recorded. */
    settled(): Promise<void> {
      if (!running) return Promise.resolve();
      return new Promise((resolve) => waiters.add(resolve));
    },

    view(): IntegrityView {
      // A damaged result stays visible until a later check passes, even with the next one scheduled.
      const state: IntegrityState = running
        ? 'checking'
        : last && !last.ok
          ? 'damaged'
          : pending
            ? 'scheduled'
            : last === null
              ? 'not_checked'
              : 'ok';
      return {
        state,
        reason: running?.reason ?? pending,
        checkedAt: last?.checkedAt ?? null,
        message: last?.message ?? null,
      };
    },

    close() {
      closed = true;
      running?.check.stop();
      for (const wake of waiters) wake();
      waiters.clear();
    },
  };
}

export type IntegrityMonitor = ReturnType<typeof createIntegrityMonitor>;
