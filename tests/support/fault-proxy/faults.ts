/**
 * What the fault proxy can do to one HTTP exchange, and the seeded schedule that picks it.
 * Same seed, same sequence of decisions: a failing run can be replayed.
 */

/**
 * drop    close the client's connection before forwarding (the server never sees the request)
 * reset   send a TCP RST before forwarding (socket.resetAndDestroy)
 * delay   wait, then forward unchanged
 * cut     forward, then send the headers and part of the body and close (the server did the work;
 *         the answer is lost)
 * error500  forward, then replace the answer with a 500 (the server did the work)
 * status429 answer 429 with Retry-After without forwarding
 */
export const FAULT_KINDS = ['drop', 'reset', 'delay', 'cut', 'error500', 'status429'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export type FaultCounts = Record<FaultKind | 'passed' | 'upgrades', number>;

export const emptyCounts = (): FaultCounts => ({
  drop: 0,
  reset: 0,
  delay: 0,
  cut: 0,
  error500: 0,
  status429: 0,
  passed: 0,
  upgrades: 0,
});

export interface Schedule {
  seed: number;
  /** Chance (0..1) that a matching request gets a fault. */
  rate: number;
  /** Relative weights of the kinds (missing = 1; 0 = never). */
  weights?: Partial<Record<FaultKind, number>>;
  /** Longest delay for `delay` faults, milliseconds (default 200). */
  maxDelayMs?: number;
  /** Seconds in the Retry-After header of a 429 (default 1). */
  retryAfterSeconds?: number;
}

/** mulberry32: a small seeded generator; enough for a fault schedule, not for secrets. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Decision {
  kind: FaultKind | 'pass';
  /** For delay: how long; for cut: the share of the body sent (0..1). */
  amount: number;
}

export function scheduler(schedule: Schedule): () => Decision {
  if (!(schedule.rate >= 0 && schedule.rate <= 1)) throw new Error(`fault rate must be between 0 and 1, got ${schedule.rate}`);
  const random = seededRandom(schedule.seed);
  const weighted = FAULT_KINDS.map((kind) => [kind, schedule.weights?.[kind] ?? 1] as const).filter(([, w]) => w > 0);
  const total = weighted.reduce((sum, [, w]) => sum + w, 0);
  if (schedule.rate > 0 && total <= 0) throw new Error('every fault kind has weight 0');
  const maxDelay = schedule.maxDelayMs ?? 200;
  return () => {
    if (random() >= schedule.rate) return { kind: 'pass', amount: 0 };
    let pick = random() * total;
    let kind: FaultKind = weighted[weighted.length - 1][0];
    for (const [k, w] of weighted) {
      if (pick < w) {
        kind = k;
        break;
      }
      pick -= w;
    }
    const amount = random();
    return { kind, amount: kind === 'delay' ? Math.round(amount * maxDelay) : amount };
  };
}
