/**
 * How far V8 lets the core's heap grow between two full collections.
 *
 * The core holds little: after a full collection its heap is about 28 MB, with an empty replica
 * and after a first sync of a million rows alike. What it allocates and drops is a lot: a
 * pulled page is a megabyte of JSON, parsed, decoded and written, a thousand times over in a
 * large first sync. By default V8 starts the next full collection when the old generation
 * reaches its live size times a factor it picks after each collection from how fast it
 * collects against how fast the program allocates: anywhere from 1.1 to 4 on a machine with
 * this much memory (V8's heap-controller). The peak memory of a first sync was therefore
 * luck: runs of the same million rows peaked 177 MB or 263 MB, depending on whether the factor
 * once came out near 4 (issue 8: peak memory must not grow with the row count).
 *
 * A fixed factor makes the peak the live size times that factor, whatever the row count. 1.3 is
 * about what V8 picks on its own in a typical run, so collections come about as often as they
 * did; what goes is the run where it picks 4. A full collection of a heap this small takes a
 * few milliseconds (bench/sync-memory.ts prints their count and time). No upper limit is set:
 * a limit would turn a legitimately large job into a crash.
 *
 * Set at run time with v8.setFlagsFromString because the core's process is a utilityProcess
 * whose V8 is already running when the core's code starts; the flag is read at every full
 * collection (V8's heap-controller), so it takes effect from the next one on. This is the one
 * flag the core sets, and it only tunes when the collector runs, never what it keeps.
 */
import v8 from 'node:v8';

/** The old generation may grow to its live size × 1.3 before the next full collection. */
export const HEAP_GROWING_PERCENT = 30;

/** Called first thing by each process that hosts the core (utility process, browser host). */
export function boundHeapGrowth(percent: number = HEAP_GROWING_PERCENT): void {
  if (!Number.isInteger(percent) || percent < 1 || percent > 300) {
    throw new RangeError(`The heap growing percent must be a whole number from 1 to 300, not ${percent}.`);
  }
  v8.setFlagsFromString(`--heap-growing-percent=${percent}`);
}
