/**
 * Where the core's memory goes during a first sync (issue 8: peak RSS must not grow with the row
 * count). For each --rows value (default 50000,200000) a fresh org is seeded with that history
 * and a fresh core signs in and syncs it (the path of bench/sync-figures.ts); every 250 ms this
 * samples process.memoryUsage() (rss, V8 heap used/total, external) and SQLite's own memory use
 * (better-sqlite3 has no call for sqlite3_memory_used, so the page cache is read as
 * `cache_size` × page size, the cap it grows to), and prints the samples at every tenth of the
 * rows plus the peaks. The slope between two sizes is what matters, not the values.
 * Each size runs in a fresh process (see main), which first bounds V8's heap growth as the core's
 * own process does (src-main/core/host/heap-growth.ts; --v8-default-growth leaves V8's default,
 * for comparison). Besides the 250 ms samples it prints the kernel's RSS high-water mark, and the
 * count and time of full and young collections.
 * Before the bound (V8 default), quiet runs peaked 168-194 MB at 100k rows and 177-263 MB at 1M:
 * the live heap after a full GC was 28 MB at both, but V8 sometimes let the old generation grow
 * to 4× that before collecting. With the bound, 2026-12-02 21:10 (load ~1): high-water mark
 * 180 MB at 1,000,000 rows (heapUsed peak 52 MB; 157 full collections, 1.3 s in all) and 177 MB
 * at 100,000 (heapUsed peak 49 MB).
 * Run: node --import tsx bench/sync-memory.ts [--rows 50000,200000]
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { PerformanceObserver } from 'node:perf_hooks';
import os from 'node:os';
import path from 'node:path';
import { createCore, type Core } from '../src-main/core/core';
import { boundHeapGrowth, HEAP_GROWING_PERCENT } from '../src-main/core/host/heap-growth';
import { seedHistory, startRemoteStack, type Stack } from './sync-figures';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1]! : fallback;
};
const mb = (bytes: number) => Math.round(bytes / 2 ** 20);
const sleep = (n: number) => new Promise((resolve) => setTimeout(resolve, n));
/** Leave V8's default heap growth (a comparison run) instead of the core's bound. */
const v8DefaultGrowth = process.argv.includes('--v8-default-growth');
const mbOrNa = (bytes: number | null) => (bytes === null ? 'n/a' : `${mb(bytes)} MB`);

/** The kernel's high-water mark of this process's RSS (Linux): the true peak, not a sample's. */
function rssHighWater(): number | null {
  try {
    const line = readFileSync('/proc/self/status', 'utf8').match(/^VmHWM:\s+(\d+) kB/m);
    return line ? Number(line[1]) * 1024 : null;
  } catch {
    return null;
  }
}

/** Full (mark-compact) and young (scavenge) collections during the sync: count and time. */
function watchCollections() {
  const gc = { full: 0, fullMs: 0, young: 0, youngMs: 0 };
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const kind = (entry as unknown as { detail?: { kind?: number } }).detail?.kind;
      // perf_hooks constants: NODE_PERFORMANCE_GC_MAJOR = 4, MINOR = 1.
      if (kind === 4) {
        gc.full += 1;
        gc.fullMs += entry.duration;
      } else if (kind === 1) {
        gc.young += 1;
        gc.youngMs += entry.duration;
      }
    }
  });
  observer.observe({ entryTypes: ['gc'] });
  return { gc, stop: () => observer.disconnect() };
}

async function syncOnce(stack: Stack, work: string, rows: number) {
  const org = await stack.seedOrg(`Memory ${rows}`);
  const seeded = await seedHistory(stack, org, rows);
  (globalThis as { gc?: () => void }).gc?.();
  const dataDir = mkdtempSync(path.join(work, 'memory-'));
  const core: Core = createCore({
    dataDir,
    argv: ['--supabase-url', stack.supabaseUrl, '--supabase-anon-key', stack.anonKey],
    probeBackoffMs: { first: 50, max: 250 },
    log: { error: () => undefined },
  });
  await core.ready;
  const base = process.memoryUsage();
  const collections = watchCollections();
  const t0 = performance.now();
  const call = async (ns: string, method: string, input: unknown = {}) => {
    const result = await core.router.call(ns, method, input, { actor: 'bench' });
    if (!result.ok) throw new Error(`${ns}.${method}: ${result.error.message}`);
    return result.value as Record<string, unknown>;
  };
  await call('account', 'signIn', { email: org.users.compliance_officer.email, password: org.users.compliance_officer.password });
  const samples: { done: number; rss: number; heapUsed: number; heapTotal: number; external: number }[] = [];
  const count = () => core.db.prepare('SELECT count(*) FROM evidence').pluck().get() as number;
  const peak = { rss: 0, heapUsed: 0, heapTotal: 0, external: 0 };
  /** Evidence applied when the RSS peak was sampled (a spike's place: early, mid-sync, after the last page). */
  let peakAt = 0;
  for (;;) {
    const m = process.memoryUsage();
    const done = core.db.open ? count() : 0;
    samples.push({ done, rss: m.rss, heapUsed: m.heapUsed, heapTotal: m.heapTotal, external: m.external });
    if (m.rss > peak.rss) peakAt = done;
    for (const k of Object.keys(peak) as (keyof typeof peak)[]) peak[k] = Math.max(peak[k], m[k]);
    const status = await call('sync', 'status');
    if (done >= seeded.evidence && status.state === 'idle') break;
    await sleep(250);
  }
  const elapsed = performance.now() - t0;
  collections.stop();
  const highWater = rssHighWater();
  const pageSize = core.db.pragma('page_size', { simple: true }) as number;
  const cacheSize = core.db.pragma('cache_size', { simple: true }) as number;
  const cacheCap = cacheSize < 0 ? -cacheSize * 1024 : cacheSize * pageSize;
  core.close();
  (globalThis as { gc?: () => void }).gc?.();
  const after = process.memoryUsage();
  console.log(`\n${rows} rows (evidence ${seeded.evidence}); before sign-in rss ${mb(base.rss)} MB heap ${mb(base.heapUsed)} MB`);
  console.log('  evidence applied → rss / heapUsed / heapTotal / external (MB)');
  for (let tenth = 1; tenth <= 10; tenth++) {
    const s = samples.find((x) => x.done >= (seeded.evidence * tenth) / 10) ?? samples.at(-1)!;
    console.log(`  ${String(s.done).padStart(8)} → ${mb(s.rss)} / ${mb(s.heapUsed)} / ${mb(s.heapTotal)} / ${mb(s.external)}`);
  }
  const { gc } = collections;
  console.log(
    `  sync ${(elapsed / 1000).toFixed(1)} s (${Math.round(seeded.evidence / (elapsed / 1000))} evidence/s); full collections ${gc.full} (${Math.round(gc.fullMs)} ms), ` +
      `young ${gc.young} (${Math.round(gc.youngMs)} ms); kernel RSS high-water mark ${mbOrNa(highWater)}`,
  );
  console.log(
    `  peaks: rss ${mb(peak.rss)} MB (at ${peakAt} evidence applied), heapUsed ${mb(peak.heapUsed)} MB, heapTotal ${mb(peak.heapTotal)} MB, external ${mb(peak.external)} MB; ` +
      `SQLite page cache cap ${mb(cacheCap)} MB per connection; after close + gc rss ${mb(after.rss)} heap ${mb(after.heapUsed)} MB`,
  );
  rmSync(dataDir, { recursive: true, force: true });
  return { ...peak, highWater };
}

/** One size in this process (a child of main): prints the samples, then a last line `PEAK {json}`. */
async function child(rows: number) {
  // As the core's own process does first thing (utility-process.ts), unless asked to compare.
  if (!v8DefaultGrowth) boundHeapGrowth();
  console.log(
    v8DefaultGrowth
      ? 'heap growth: V8 default (comparison run)'
      : `heap growth: ${HEAP_GROWING_PERCENT} % between full collections (the core's setting)`,
  );
  const work = mkdtempSync(path.join(os.tmpdir(), 'complyflow-sync-memory-'));
  const stack = await startRemoteStack();
  try {
    const peak = await syncOnce(stack, work, rows);
    console.log(`PEAK ${JSON.stringify({ rows, ...peak })}`);
  } finally {
    await stack.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * Each size in a fresh process: memory a process once held stays in its RSS (the allocator keeps
 * it), so sizes measured one after another in one process would add up what earlier runs left.
 */
async function main() {
  if (process.argv.includes('--child')) return child(Number(arg('rows', '50000')));
  const sizes = arg('rows', '50000,200000').split(',').map(Number);
  const peaks: ({ rows: number } & Record<'rss' | 'heapUsed' | 'heapTotal' | 'external', number> & {
      highWater: number | null;
    })[] = [];
  for (const rows of sizes) {
    const out = await new Promise<string>((resolve, reject) => {
      const run = spawn(
        process.execPath,
        [
          '--expose-gc',
          '--import',
          'tsx',
          __filename,
          '--child',
          '--rows',
          String(rows),
          ...(v8DefaultGrowth ? ['--v8-default-growth'] : []),
        ],
        {
          stdio: ['ignore', 'pipe', 'inherit'],
        },
      );
      let text = '';
      run.stdout.on('data', (chunk: Buffer) => {
        text += chunk.toString();
        process.stdout.write(chunk);
      });
      run.once('exit', (code) => (code === 0 ? resolve(text) : reject(new Error(`the ${rows}-row run exited with ${code}`))));
    });
    const line = out.split('\n').find((l) => l.startsWith('PEAK '));
    if (!line) throw new Error(`the ${rows}-row run printed no peak`);
    peaks.push(JSON.parse(line.slice(5)) as (typeof peaks)[number]);
  }
  console.log(
    `\nload average ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  for (let i = 1; i < peaks.length; i++) {
    const a = peaks[i - 1]!;
    const b = peaks[i]!;
    const per100k = (x: number, y: number) => ((mb(y) - mb(x)) / ((b.rows - a.rows) / 100_000)).toFixed(1);
    console.log(
      `slope ${a.rows} → ${b.rows} (fresh process each): RSS high-water mark ${mbOrNa(a.highWater)} → ${mbOrNa(b.highWater)}, ` +
        `sampled peak rss ${mb(a.rss)} → ${mb(b.rss)} MB, ${per100k(a.rss, b.rss)} MB per 100k rows; ` +
        `heapUsed ${per100k(a.heapUsed, b.heapUsed)}, heapTotal ${per100k(a.heapTotal, b.heapTotal)} MB per 100k rows`,
    );
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
