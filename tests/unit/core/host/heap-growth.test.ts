/**
 * The core's process bounds how far V8 lets its heap grow between full collections
 * (host/heap-growth.ts). Each case runs the same allocation workload in a fresh Node process,
 * once as V8 leaves it and once after boundHeapGrowth(), and compares the old generation's
 * largest size with its smallest (the live set, ~90 MB).
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { boundHeapGrowth, HEAP_GROWING_PERCENT } from '../../../../src-main/core/host/heap-growth';

const workload = path.join(__dirname, 'heap-growth.workload.ts');
const run = (...args: string[]) =>
  JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', workload, ...args], { encoding: 'utf8' })) as {
    min: number;
    max: number;
    ratio: number;
  };

describe('heap growth of the core process', () => {
  it('keeps the old generation near its live size times the set factor', () => {
    const bounded = run('--bounded');
    expect(bounded.min).toBeGreaterThan(64 * 2 ** 20);
    // 1.3 × live, plus V8's minimum step and what one young collection promotes.
    expect(bounded.ratio).toBeLessThan(1 + HEAP_GROWING_PERCENT / 100 + 0.5);
  });

  it('is what makes the difference: the same workload left to V8 grows well past it', () => {
    // V8 picks its factor from 1.1 to 4 by how fast the program allocates; this workload
    // allocates as fast as it can, which is the case the bound is for.
    const free = run();
    expect(free.ratio).toBeGreaterThan(1 + HEAP_GROWING_PERCENT / 100 + 0.5);
  });

  it('refuses a percent that is not a sensible factor, changing nothing', () => {
    for (const bad of [0, -5, 1.5, 301, Number.NaN]) {
      expect(() => boundHeapGrowth(bad)).toThrow(/whole number from 1 to 300/);
    }
  });
});
