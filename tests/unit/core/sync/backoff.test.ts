/** Retry waits: exponential, capped, jittered between half and all of the step; Retry-After wins when longer. */
import { describe, expect, it } from 'vitest';
import { backoffMs, retryAfterMs } from '../../../../src-main/core/sync/backoff';

const plan = { firstMs: 1000, maxMs: 60_000 };

describe('backoff', () => {
  it('doubles per attempt up to the cap, within half and all of each step', () => {
    expect([1, 2, 3, 4].map((n) => backoffMs(n, plan, () => 0.999999))).toEqual([1000, 2000, 4000, 8000]);
    expect([1, 2, 3, 4].map((n) => backoffMs(n, plan, () => 0))).toEqual([500, 1000, 2000, 4000]);
    expect(backoffMs(50, plan, () => 0.999999)).toBe(60_000);
    expect(backoffMs(50, plan, () => 0)).toBe(30_000);
  });

  it('honours a longer Retry-After, in seconds or as a date', () => {
    expect(backoffMs(1, plan, () => 0, 7000)).toBe(7000);
    expect(backoffMs(5, plan, () => 0, 100)).toBe(8000);
    expect(retryAfterMs('12', 0)).toBe(12_000);
    const now = Date.parse('2026-12-01T10:00:00Z');
    expect(retryAfterMs('Tue, 01 Dec 2026 10:00:30 GMT', now)).toBe(30_000);
    expect(retryAfterMs('soon', now)).toBe(0);
    expect(retryAfterMs(null, now)).toBe(0);
  });
});
