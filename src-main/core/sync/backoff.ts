/**
 * How long a change that failed for a reason that may pass waits before it is sent again:
 * exponential in the attempts so far, capped, with jitter so many devices that failed together
 * do not come back together. A server's Retry-After wins when it asks for longer.
 */
export interface Backoff {
  firstMs: number;
  maxMs: number;
}

export const RETRY_BACKOFF: Backoff = { firstMs: 1000, maxMs: 5 * 60_000 };

/** A change failing for longer than this is shown as stalled. */
export const STALLED_AFTER_MS = 10 * 60_000;

/**
 * The wait before attempt `attempts + 1` (attempts ≥ 1: how many have failed), between half and
 * all of the capped exponential (equal jitter). `random` is in [0, 1).
 */
export function backoffMs(
  attempts: number,
  backoff: Backoff = RETRY_BACKOFF,
  random: () => number = Math.random,
  retryAfterMs = 0,
): number {
  const exponent = Math.max(0, Math.min(attempts - 1, 30));
  const ceiling = Math.min(backoff.maxMs, backoff.firstMs * 2 ** exponent);
  const jittered = ceiling / 2 + (ceiling / 2) * Math.min(Math.max(random(), 0), 1);
  return Math.round(Math.max(jittered, retryAfterMs));
}

/** A Retry-After header (seconds or an HTTP date) in milliseconds from now, or 0 when absent or bad. */
export function retryAfterMs(header: string | null | undefined, nowMs: number): number {
  if (!header) return 0;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? 0 : Math.max(0, at - nowMs);
}
