/**
 * Run by heap-growth.test.ts in a fresh Node process: holds a live set (~90 MB of small objects)
 * and allocates pages that live long enough to reach the old generation, then prints the
 * largest old generation seen against the smallest (≈ the live set). With `--bounded` it first
 * does what the core's process does (boundHeapGrowth).
 */
import v8 from 'node:v8';
import { boundHeapGrowth } from '../../../../src-main/core/host/heap-growth';

if (process.argv.includes('--bounded')) boundHeapGrowth();

const oldGeneration = () =>
  v8
    .getHeapSpaceStatistics()
    .filter((s) => s.space_name === 'old_space' || s.space_name === 'large_object_space')
    .reduce((sum, s) => sum + s.space_used_size, 0);

const live: { a: string; b: number }[] = [];
for (let i = 0; i < 1_000_000; i++) live.push({ a: `live ${i}`, b: i });
const recent: unknown[] = [];
let max = 0;
let min = Infinity;
for (let round = 0; round < 200; round++) {
  const page = Array.from({ length: 20_000 }, (_, i) => ({ title: `row ${i} of page ${round}`, n: i }));
  recent.push(page, JSON.stringify(page));
  if (recent.length > 6) recent.splice(0, 2);
  if (round < 20) continue;
  const used = oldGeneration();
  max = Math.max(max, used);
  min = Math.min(min, used);
}
process.stdout.write(JSON.stringify({ live: live.length, min, max, ratio: max / min }));
