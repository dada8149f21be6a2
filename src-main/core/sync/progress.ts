/**
 * Progress of a pull for the status bar and the sync panel: rows done, the total the server
 * estimated on the first page of a first sync, and the time left at the rate so far. Pure (the
 * clock is passed in) so the arithmetic is unit-tested.
 */
import type { SyncProgress } from '../../../src-shared/api/sync';

/** No time left is told before this much of the sync has run: the first page's rate says little. */
export const ETA_AFTER_MS = 1000;

export interface PullProgressInput {
  phase: SyncProgress['phase'];
  /** Rows applied: since this pull started, or in the whole first sync (a restart included). */
  done: number;
  /** Of `done`, the rows applied before this pull started (a resumed first sync); 0 if none. */
  doneBefore?: number;
  /** The server's estimate of the whole pull, or null when it did not say. */
  total: number | null;
  /** When this pull started and now, epoch ms. */
  startedAtMs: number;
  nowMs: number;
}

/**
 * Seconds left at the average rate since the start (steadier than the last page's rate, which
 * jumps with every page the server is slow to answer), or null while it cannot be told: no
 * total, nothing done yet, or too early. Rows done before a restart count toward what is left,
 * not toward the rate: they took a time this pull did not see.
 */
export function etaSeconds(input: Omit<PullProgressInput, 'phase'>): number | null {
  const elapsed = input.nowMs - input.startedAtMs;
  const doneHere = input.done - (input.doneBefore ?? 0);
  if (input.total === null || doneHere <= 0 || elapsed < ETA_AFTER_MS) return null;
  const remaining = Math.max(0, input.total - input.done);
  return Math.round((remaining / doneHere) * (elapsed / 1000) * 10) / 10;
}

/** The status's progress. A total the pull has already passed (more arrived) grows to what was done. */
export function pullProgress(input: PullProgressInput): SyncProgress {
  const total = input.total === null ? null : Math.max(input.total, input.done);
  return { phase: input.phase, done: input.done, total, etaSeconds: etaSeconds({ ...input, total }) };
}
