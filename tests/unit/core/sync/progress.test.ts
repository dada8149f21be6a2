import { describe, expect, it } from 'vitest';
import { ETA_AFTER_MS, etaSeconds, pullProgress } from '../../../../src-main/core/sync/progress';

const T0 = Date.parse('2026-12-01T12:00:00.000Z');

describe('first-sync progress and time left', () => {
  it('tells the time left at the average rate since the start', () => {
    // 12,000 rows in 6 s is 2,000 rows/s: 88,000 left take 44 s.
    expect(etaSeconds({ done: 12_000, total: 100_000, startedAtMs: T0, nowMs: T0 + 6000 })).toBe(44);
    // 50,000 in 10 s: the other half takes 10 s more.
    expect(etaSeconds({ done: 50_000, total: 100_000, startedAtMs: T0, nowMs: T0 + 10_000 })).toBe(10);
    expect(etaSeconds({ done: 3, total: 10, startedAtMs: T0, nowMs: T0 + 1500 })).toBe(3.5);
  });

  it('after a restart, counts the rows done before toward the total but not toward the rate', () => {
    // 60,000 were done before; this run did 10,000 in 5 s (2,000 rows/s): 30,000 left take 15 s.
    expect(etaSeconds({ done: 70_000, doneBefore: 60_000, total: 100_000, startedAtMs: T0, nowMs: T0 + 5000 })).toBe(15);
    // Nothing done by this run yet: no rate to tell.
    expect(etaSeconds({ done: 60_000, doneBefore: 60_000, total: 100_000, startedAtMs: T0, nowMs: T0 + 5000 })).toBeNull();
  });

  it('tells nothing without a total, before any row, or in the first second', () => {
    expect(etaSeconds({ done: 5000, total: null, startedAtMs: T0, nowMs: T0 + 5000 })).toBeNull();
    expect(etaSeconds({ done: 0, total: 100_000, startedAtMs: T0, nowMs: T0 + 5000 })).toBeNull();
    expect(etaSeconds({ done: 1000, total: 100_000, startedAtMs: T0, nowMs: T0 + ETA_AFTER_MS - 1 })).toBeNull();
  });

  it('says zero left when done, and grows a total the pull went past', () => {
    expect(pullProgress({ phase: 'first-sync', done: 100_000, total: 100_000, startedAtMs: T0, nowMs: T0 + 20_000 })).toEqual({
      phase: 'first-sync',
      done: 100_000,
      total: 100_000,
      etaSeconds: 0,
    });
    expect(pullProgress({ phase: 'first-sync', done: 1200, total: 1000, startedAtMs: T0, nowMs: T0 + 2000 })).toEqual({
      phase: 'first-sync',
      done: 1200,
      total: 1200,
      etaSeconds: 0,
    });
    expect(pullProgress({ phase: 'pull', done: 10, total: null, startedAtMs: T0, nowMs: T0 + 2000 })).toEqual({
      phase: 'pull',
      done: 10,
      total: null,
      etaSeconds: null,
    });
  });
});
