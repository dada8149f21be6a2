// A burst of nudges becomes one call at once and at most one per window after, carrying the
// highest seq; nothing is lost at the end of a burst and nothing is emitted after stop().
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { Coalescer } from '../../../../../src-main/core/sync/realtime/coalesce';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

it('passes the first nudge at once and folds the rest of the burst into one trailing call', () => {
  const seen: number[] = [];
  const coalescer = new Coalescer(100, (seq) => seen.push(seq));
  coalescer.push(1);
  expect(seen).toEqual([1]);
  for (let seq = 2; seq <= 50; seq++) coalescer.push(seq);
  expect(seen).toEqual([1]);
  vi.advanceTimersByTime(100);
  expect(seen).toEqual([1, 50]);
  vi.advanceTimersByTime(1000);
  expect(seen).toEqual([1, 50]);
});

it('keeps the highest seq even when nudges arrive out of order', () => {
  const seen: number[] = [];
  const coalescer = new Coalescer(100, (seq) => seen.push(seq));
  coalescer.push(10);
  coalescer.push(30);
  coalescer.push(20);
  vi.advanceTimersByTime(100);
  expect(seen).toEqual([10, 30]);
});

it('gives a long burst one call per window', () => {
  const seen: number[] = [];
  const coalescer = new Coalescer(100, (seq) => seen.push(seq));
  for (let seq = 1; seq <= 100; seq++) {
    coalescer.push(seq);
    vi.advanceTimersByTime(10);
  }
  vi.advanceTimersByTime(1000);
  expect(seen.length).toBeLessThanOrEqual(12);
  expect(seen.at(-1)).toBe(100);
});

it('emits nothing after stop', () => {
  const seen: number[] = [];
  const coalescer = new Coalescer(100, (seq) => seen.push(seq));
  coalescer.push(1);
  coalescer.push(2);
  coalescer.stop();
  vi.advanceTimersByTime(1000);
  expect(seen).toEqual([1]);
});
