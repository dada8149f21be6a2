/**
 * The sync figures of issue 8 (DESIGN §8), in one run on this machine, through the real path: a
 * throwaway PostgreSQL 15 with the migrations and RLS, the stand-in gateway over HTTP, unmodified
 * supabase-js inside a real core, the engine's pull/apply into a SQLite replica with its FTS.
 *   1. initial sync of N rows (default 100,000) into an empty replica: rows/s, against a ceiling
 *      measured in the same run with no product code (Postgres json_agg → JSON.parse →
 *      better-sqlite3 insert of the same rows into a replica with the same schema); peak RSS.
 *   2. policies.list p99 while that first sync runs, against the same call idle.
 *   3. push of 10,000 waiting changes, outbox to applied.
 *   4. a change on device A visible on device B: p50 over 100 changes (Realtime when the engine
 *      is live, polling otherwise: the printout says which).
 * Prints figures; no pass/fail. Run: npx tsx bench/sync-figures.ts [--rows 100000] [--million]
 * (--million adds the initial sync and peak RSS at 1,000,000 rows: minutes) [--push N] [--push-only]
 * (--push-only: a first sync of --rows, then only the push figure with the server functions' split).
 * `runSyncFigures` is also what the bounded CI check runs, on 2,000 rows, checking counts only.
 */
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createCore, type Core } from '../src-main/core/core';
import { openDatabase } from '../src-main/core/db/database';
import { syncedTable, type SyncedRow } from '../src-main/core/sync/synced-rows';
import pg from 'pg';
import type { SeededOrg, SeededUser } from '../tests/support/seed';

const ctx = { actor: 'bench' };
const log = { error: () => undefined };
const ms = (t0: number) => performance.now() - t0;
const sleep = (n: number) => new Promise((resolve) => setTimeout(resolve, n));
const pct = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};
const fmt = (v: number) => (Number.isNaN(v) ? '—' : v < 10 ? v.toFixed(2) : v < 100 ? v.toFixed(1) : v.toFixed(0));
const mb = (bytes: number) => `${Math.round(bytes / 2 ** 20)} MB`;

/** The server side, running in its own process (bench/sync-stack.ts). */
export interface Stack {
  supabaseUrl: string;
  anonKey: string;
  /** Superuser pool: seeding and counting, bypassing RLS. */
  admin: pg.Pool;
  seedOrg(name: string): Promise<SeededOrg>;
  gatewayDown(): Promise<void>;
  gatewayUp(): Promise<void>;
  stop(): Promise<void>;
}

export async function startRemoteStack(): Promise<Stack> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'sync-stack.ts')], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const waiting = new Map<number, (answer: Record<string, unknown>) => void>();
  let ready: (info: Record<string, unknown>) => void = () => undefined;
  const started = new Promise<Record<string, unknown>>((resolve) => (ready = resolve));
  let buffer = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    for (let nl = buffer.indexOf('\n'); nl >= 0; nl = buffer.indexOf('\n')) {
      const message = JSON.parse(buffer.slice(0, nl)) as Record<string, unknown>;
      buffer = buffer.slice(nl + 1);
      if (message.ready) ready(message);
      else waiting.get(message.id as number)?.(message);
    }
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const info = await Promise.race([started, exited.then(() => Promise.reject(new Error('the stack process exited')))]);
  let next = 0;
  const ask = (op: string, extra: Record<string, unknown> = {}) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const id = ++next;
      waiting.set(id, (answer) => (answer.error ? reject(new Error(String(answer.error))) : resolve(answer)));
      child.stdin!.write(`${JSON.stringify({ id, op, ...extra })}\n`);
    });
  const admin = new pg.Pool({ connectionString: info.databaseUrl as string, max: 2 });
  return {
    supabaseUrl: info.supabaseUrl as string,
    anonKey: info.anonKey as string,
    admin,
    seedOrg: async (name) => (await ask('seedOrg', { name })).org as SeededOrg,
    gatewayDown: async () => void (await ask('gatewayDown')),
    gatewayUp: async () => void (await ask('gatewayUp')),
    async stop() {
      await admin.end();
      child.stdin!.write(`${JSON.stringify({ id: 0, op: 'stop' })}\n`);
      await exited;
    },
  };
}

export interface Figure {
  measure: string;
  result: string;
  compared: string;
}

async function ok<T>(core: Core, ns: string, method: string, input: unknown = {}): Promise<T> {
  const result = await core.router.call(ns, method, input, ctx);
  if (!result.ok) throw new Error(`${ns}.${method}: ${result.error.code} ${result.error.message}`);
  return result.value as T;
}

interface SyncStatus {
  state: string;
  pending: number;
  attention: number;
  lastSyncedAt: string | null;
  live: boolean;
  message: string | null;
}
const status = (core: Core) => ok<SyncStatus>(core, 'sync', 'status');

/** How the seeded history splits over the tables, in pull order (parents first). */
export function shares(rows: number) {
  const controls = Math.max(1, Math.round(rows * 0.02));
  const links = Math.round(rows * 0.08);
  return { frameworks: 1, controls, evidence: rows - 1 - controls - links, links };
}

/**
 * Writes an org's history straight into Postgres (superuser, one statement per table): a framework,
 * its controls, evidence metadata with searchable words, and evidence-control links. Every row
 * passes the server's own triggers, so sync_changes holds what a pull hands out.
 */
export async function seedHistory(stack: Stack, org: SeededOrg, rows: number) {
  const n = shares(rows);
  const by = org.users.compliance_officer.id;
  const frameworkId = randomUUID();
  await stack.admin.query(
    `insert into frameworks (id, org_id, title, version, source_uuid, updated_by) values ($1, $2, 'Bench Framework', '1', $3, $4)`,
    [frameworkId, org.id, randomUUID(), by],
  );
  await stack.admin.query(
    `insert into controls (id, org_id, framework_id, control_key, label, title, statement, sort_key, status, updated_by)
     select gen_random_uuid(), $1, $2, 'c-' || i, 'C-' || i, 'Control ' || i || ' access review',
       'The organization reviews access ' || i, lpad(i::text, 6, '0'),
       (array['not_started', 'in_progress', 'implemented'])[1 + i % 3], $4
     from generate_series(1, $3) i`,
    [org.id, frameworkId, n.controls, by],
  );
  await stack.admin.query(
    `insert into evidence (id, org_id, title, description, sha256, file_name, mime_type, size_bytes, as_of_date, expires_on,
       captured_by, updated_by)
     select gen_random_uuid(), $1,
       (array['Access review', 'Backup restore test', 'Firewall export', 'Vendor assessment'])[1 + i % 4] || ' ' || i,
       'Quarterly evidence for control review w' || (i % 20000) || ' encryption logging',
       encode(sha256(('evidence ' || i)::bytea), 'hex'), 'evidence-' || i || '.pdf', 'application/pdf', 1000 + i,
       date '2026-01-01' + (i % 300), case when i % 3 = 0 then date '2026-06-01' + (i % 400) end, 'Cora', $3
     from generate_series(1, $2) i`,
    [org.id, n.evidence, by],
  );
  await stack.admin.query(
    `insert into evidence_controls (id, org_id, evidence_id, control_id, updated_by)
     select gen_random_uuid(), $1, e.id, c.id, $3
     from (select id, row_number() over (order by id) r from evidence where org_id = $1) e
     join (select id, row_number() over (order by id) - 1 k from controls where org_id = $1) c on c.k = e.r % $4
     where e.r <= $2`,
    [org.id, n.links, by, n.controls],
  );
  return n;
}

/**
 * The ceiling, with no product code: each table's rows as json_agg pages of 5,000 (keyset by id),
 * JSON.parse, and a prepared better-sqlite3 insert of the replica's columns into a replica with
 * the same schema (indexes and FTS triggers included), one transaction per page, synchronous=FULL.
 */
export async function ceiling(stack: Stack, orgId: string, file: string) {
  openDatabase(file).close(); // the schema only
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = OFF');
  const client = await stack.admin.connect();
  const t0 = performance.now();
  const split = { fetch: 0, parse: 0, insert: 0 };
  let rows = 0;
  try {
    for (const [table, local] of [
      ['frameworks', 'frameworks'],
      ['controls', 'controls'],
      ['evidence', 'evidence'],
      ['evidence_controls', 'evidence_controls'],
    ] as const) {
      const info = db
        .prepare(`SELECT name, "notnull" AS required, dflt_value AS fallback FROM pragma_table_info(?)`)
        .all(local) as {
        name: string;
        required: number;
        fallback: string | null;
      }[];
      const columns = info.map((c) => c.name).filter((c) => c !== 'row_version');
      // A server null in a column the replica requires takes the replica's default ('' without one).
      const defaults = new Map(
        info
          .filter((c) => c.required)
          .map((c) => [c.name, c.fallback === null ? '' : db.prepare(`SELECT ${c.fallback}`).pluck().get()]),
      );
      let insert: Database.Statement | null = null;
      let after = '00000000-0000-0000-0000-000000000000';
      for (;;) {
        let t = performance.now();
        const { rows: page } = await client.query<{ page: string | null }>(
          `select json_agg(t)::text as page from (select * from ${table} where org_id = $1 and id > $2 order by id limit 5000) t`,
          [orgId, after],
        );
        split.fetch += ms(t);
        if (!page[0]!.page) break;
        t = performance.now();
        const parsed = JSON.parse(page[0]!.page) as Record<string, unknown>[];
        split.parse += ms(t);
        t = performance.now();
        const present = columns.filter((c) => c in parsed[0]!);
        insert ??= db.prepare(`INSERT INTO ${local} (${present.join(', ')}) VALUES (${present.map((c) => `@${c}`).join(', ')})`);
        db.transaction(() => {
          for (const row of parsed) {
            const values: Record<string, unknown> = {};
            for (const c of present) {
              const v = row[c];
              values[c] =
                v === null || v === undefined ? (defaults.get(c) ?? null) : typeof v === 'object' ? JSON.stringify(v) : v;
            }
            insert!.run(values);
          }
        })();
        split.insert += ms(t);
        rows += parsed.length;
        after = parsed.at(-1)!.id as string;
      }
    }
  } finally {
    client.release();
    db.close();
  }
  return { rows, ms: ms(t0), split };
}

/** Peak resident memory of this process while `work` runs, sampled every 25 ms. */
async function peakRss<T>(work: () => Promise<T>): Promise<{ value: T; peak: number; before: number }> {
  const before = process.memoryUsage().rss;
  let peak = before;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 25);
  try {
    const value = await work();
    return { value, peak: Math.max(peak, process.memoryUsage().rss), before };
  } finally {
    clearInterval(timer);
  }
}

/** Waits until the engine reports a finished round with nothing waiting, or gives up. */
async function settled(core: Core, limitMs: number, extra: () => boolean = () => true): Promise<SyncStatus> {
  const t0 = performance.now();
  let last = await status(core);
  while (ms(t0) < limitMs) {
    last = await status(core);
    if (last.state === 'idle' && last.lastSyncedAt && last.pending === 0 && extra()) return last;
    await sleep(20);
  }
  throw new Error(`sync did not settle in ${Math.round(limitMs / 1000)} s (state ${last.state}: ${last.message ?? ''})`);
}

const signedInCore = async (stack: Stack, dataDir: string, user: SeededUser) => {
  const core = createCore({
    dataDir,
    argv: ['--supabase-url', stack.supabaseUrl, '--supabase-anon-key', stack.anonKey],
    probeBackoffMs: { first: 50, max: 250 },
    log,
  });
  await core.ready;
  await ok(core, 'account', 'signIn', { email: user.email, password: user.password });
  return core;
};

const replicaCount = (core: Core, table: string) => core.db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;

/**
 * policies.list latencies measured from when each call was due (every 25 ms), so a call that
 * waits behind a long apply counts its wait, as a window's request would.
 */
function sampleList(core: Core) {
  const times: number[] = [];
  let stop = false;
  const done = (async () => {
    let due = performance.now();
    while (!stop) {
      await sleep(Math.max(0, due - performance.now()));
      const scheduled = due;
      await ok(core, 'policies', 'list', { offset: 0, limit: 100 });
      times.push(performance.now() - scheduled);
      due = Math.max(due + 25, performance.now());
    }
  })();
  return {
    async finish() {
      stop = true;
      await done;
      return times;
    },
  };
}

/** Initial sync of `rows` seeded rows: the real path and the ceiling, same rows, same run. */
export async function initialSync(stack: Stack, rows: number, work: string, withList: boolean) {
  const org = await stack.seedOrg(`Bench ${rows}`);
  const seededShares = await seedHistory(stack, org, rows);
  const ceilingRun = await ceiling(stack, org.id, path.join(work, `ceiling-${rows}.sqlite3`));
  const dataDir = mkdtempSync(path.join(work, 'first-sync-'));
  const list: { finish(): Promise<number[]> }[] = [];
  const t0 = performance.now();
  const run = await peakRss(async () => {
    const core = await signedInCore(stack, dataDir, org.users.compliance_officer);
    if (withList) list.push(sampleList(core));
    await settled(core, 30 * 60_000, () => replicaCount(core, 'evidence') === seededShares.evidence);
    return core;
  });
  const elapsed = ms(t0);
  const during = withList ? await list[0]!.finish() : [];
  const core = run.value;
  const counts = {
    frameworks: replicaCount(core, 'frameworks'),
    controls: replicaCount(core, 'controls'),
    evidence: replicaCount(core, 'evidence'),
    links: replicaCount(core, 'evidence_controls'),
  };
  return { org, core, dataDir, elapsed, ceilingRun, rss: run, during, counts, expected: seededShares };
}

/** 10,000 local changes written while the project is unreachable, then sent: outbox → applied. */
export async function pushFigure(stack: Stack, core: Core, orgId: string, changes: number) {
  await stack.gatewayDown();
  const at = new Date().toISOString();
  const actor = core.db.prepare(`SELECT updated_by FROM frameworks LIMIT 1`).pluck().get() as string;
  const policies = syncedTable<SyncedRow & Record<string, unknown>>(core.db, 'policies');
  // Every column of the table, at its default unless given (the writer wants exactly the columns).
  const defaults = Object.fromEntries(
    (
      core.db.prepare(`SELECT name, dflt_value AS fallback FROM pragma_table_info('policies')`).all() as {
        name: string;
        fallback: string | null;
      }[]
    ).map((c) => [c.name, c.fallback === null ? null : core.db.prepare(`SELECT ${c.fallback}`).pluck().get()]),
  );
  // Written through the product's synced-table writer (row + outbox entry + trail event), in
  // batches, as an import does: the figure is the send, not 10,000 fsyncs of typing.
  for (let start = 0; start < changes; start += 1000) {
    core.db.transaction(() => {
      for (let i = start; i < Math.min(changes, start + 1000); i++) {
        policies.insert({
          ...defaults,
          id: randomUUID(),
          org_id: orgId,
          title: `Pushed policy ${i}`,
          body: `Body of pushed policy ${i}`,
          created_at: at,
          updated_at: at,
          updated_by: actor,
          deleted_at: null,
        });
      }
    })();
  }
  const waiting = (await status(core)).pending;
  await stack.gatewayUp();
  // Where the time goes on the server: per-function totals (track_functions) over the push.
  await stack.admin.query(`alter system set track_functions = 'all'`);
  await stack.admin.query(`select pg_reload_conf()`);
  await stack.admin.query(`select pg_stat_reset()`);
  const t0 = performance.now();
  await ok(core, 'sync', 'retryNow');
  const end = await settled(core, 10 * 60_000);
  const elapsed = ms(t0);
  await sleep(11_000); // an idle backend flushes its function counters within 10 s (PostgreSQL 15)
  const { rows: functions } = await stack.admin.query<{ name: string; calls: string; total: number; self: number }>(
    `select schemaname || '.' || funcname as name, calls, total_time as total, self_time as self
     from pg_stat_user_functions order by self_time desc limit 15`,
  );
  const { rows } = await stack.admin.query<{ n: string }>(
    `select count(*) as n from policies where org_id = $1 and title like 'Pushed policy %'`,
    [orgId],
  );
  return { waiting, elapsed, applied: Number(rows[0]!.n), attention: end.attention, functions };
}

/** The server functions' share of a push, as pg_stat_user_functions counted it (ms). */
function printServerSplit(functions: { name: string; calls: string; total: number; self: number }[]) {
  console.log('  server functions during the push (ms; total includes callees, self does not):');
  for (const f of functions)
    console.log(
      `    ${f.name.padEnd(44)} calls ${String(f.calls).padStart(7)}  total ${fmt(f.total).padStart(7)}  self ${fmt(f.self).padStart(7)}`,
    );
}

/** A title changed on A, timed until B's replica shows it; `changes` times, one after another. */
export async function propagation(stack: Stack, work: string, changes: number) {
  const org = await stack.seedOrg('Propagation Co');
  const a = await signedInCore(stack, mkdtempSync(path.join(work, 'device-a-')), org.users.compliance_officer);
  const b = await signedInCore(stack, mkdtempSync(path.join(work, 'device-b-')), org.users.viewer);
  try {
    await settled(a, 60_000);
    await settled(b, 60_000);
    const policy = await ok<{ id: string }>(a, 'policies', 'create', { title: 'Propagation 0' });
    const seen = (title: string) => {
      const row = b.db.prepare('SELECT title FROM policies WHERE id = ?').get(policy.id) as { title: string } | undefined;
      return row?.title === title;
    };
    const wait = async (title: string, limitMs: number) => {
      const t0 = performance.now();
      while (!seen(title)) {
        if (ms(t0) > limitMs) throw new Error(`"${title}" did not reach device B in ${limitMs / 1000} s`);
        await sleep(5);
      }
    };
    await wait('Propagation 0', 120_000);
    const times: number[] = [];
    for (let i = 1; i <= changes; i++) {
      const title = `Propagation ${i}`;
      const t0 = performance.now();
      await ok(a, 'policies', 'update', { id: policy.id, title });
      await wait(title, 120_000);
      times.push(ms(t0));
    }
    return { times, live: (await status(b)).live && (await status(a)).live };
  } finally {
    a.close();
    b.close();
  }
}

export async function runSyncFigures(options: {
  rows: number;
  million: boolean;
  propagationChanges: number;
  pushChanges: number;
  /** Only the push figure (after a first sync of `rows`): what tuning push needs. */
  pushOnly?: boolean;
}) {
  const figures: Figure[] = [];
  const report = (measure: string, result: string, compared: string) => {
    figures.push({ measure, result, compared });
    console.log(`  ${measure}: ${result}  [${compared}]`);
  };
  const work = mkdtempSync(path.join(os.tmpdir(), 'complyflow-sync-bench-'));
  const stack = await startRemoteStack();
  const checks: Record<string, { got: number; want: number }> = {};
  try {
    if (options.pushOnly) {
      // Only the push figure: a small first sync gives the signed-in core its org.
      const first = await initialSync(stack, options.rows, work, false);
      const push = await pushFigure(stack, first.core, first.org.id, options.pushChanges);
      report(
        `push of ${push.waiting} waiting changes, outbox → applied`,
        `${fmt(push.elapsed / 1000)} s (${Math.round(push.waiting / (push.elapsed / 1000))} changes/s)`,
        `target ≤ 5 s; ${push.applied} on the server, ${push.attention} refused`,
      );
      printServerSplit(push.functions);
      checks['pushed and applied'] = { got: push.applied, want: options.pushChanges };
      first.core.close();
      return { figures, checks };
    }
    const first = await initialSync(stack, options.rows, work, true);
    const rate = options.rows / (first.elapsed / 1000);
    const ceilingRate = first.ceilingRun.rows / (first.ceilingRun.ms / 1000);
    report(
      `initial sync, ${options.rows} rows, empty replica (Postgres RLS → gateway → engine → SQLite + FTS)`,
      `${fmt(first.elapsed / 1000)} s, ${Math.round(rate)} rows/s`,
      `ceiling ${Math.round(ceilingRate)} rows/s (json_agg → JSON.parse → insert, ${fmt(first.ceilingRun.ms / 1000)} s) → ${Math.round((100 * rate) / ceilingRate)} % (target ≥ 60 %)`,
    );
    report(
      `peak RSS of the core process during the first sync of ${options.rows} rows`,
      mb(first.rss.peak),
      `before signing in ${mb(first.rss.before)}; the server runs in its own process`,
    );
    for (const [k, want] of Object.entries({ ...first.expected, frameworks: first.expected.frameworks })) {
      checks[`first sync ${k}`] = { got: first.counts[k as keyof typeof first.counts], want };
    }

    const idle: number[] = [];
    for (let i = 0; i < 200; i++) {
      const t0 = performance.now();
      await ok(first.core, 'policies', 'list', { offset: 0, limit: 100 });
      idle.push(ms(t0));
    }
    report(
      `policies.list p99 while the first sync of ${options.rows} rows runs`,
      `${fmt(pct(first.during, 99))} ms (p50 ${fmt(pct(first.during, 50))}, ${first.during.length} calls, timed from when due)`,
      `idle p99 ${fmt(pct(idle, 99))} ms (p50 ${fmt(pct(idle, 50))})`,
    );

    const push = await pushFigure(stack, first.core, first.org.id, options.pushChanges);
    report(
      `push of ${push.waiting} waiting changes, outbox → applied`,
      `${fmt(push.elapsed / 1000)} s (${Math.round(push.waiting / (push.elapsed / 1000))} changes/s)`,
      `target ≤ 5 s; ${push.applied} on the server, ${push.attention} refused`,
    );
    checks['pushed and applied'] = { got: push.applied, want: options.pushChanges };
    first.core.close();

    const spread = await propagation(stack, work, options.propagationChanges);
    report(
      `change on A visible on B, ${spread.times.length} changes, ${spread.live ? 'Realtime live' : 'Realtime not live: polling'}`,
      `p50 ${fmt(pct(spread.times, 50))} ms (p90 ${fmt(pct(spread.times, 90))}, max ${fmt(Math.max(...spread.times))})`,
      'target p50 ≤ 1 s',
    );
    checks['propagated'] = { got: spread.times.length, want: options.propagationChanges };

    if (options.million) {
      const big = await initialSync(stack, 1_000_000, work, false);
      report(
        'initial sync, 1,000,000 rows, empty replica',
        `${fmt(big.elapsed / 1000)} s, ${Math.round(1_000_000 / (big.elapsed / 1000))} rows/s; peak RSS ${mb(big.rss.peak)} ` +
          `(before signing in ${mb(big.rss.before)}: this process already ran every figure above, and the allocator keeps ` +
          `what they held; bench/sync-memory.ts --rows 100000,1000000 measures each size in a fresh process)`,
        `ceiling ${Math.round(big.ceilingRun.rows / (big.ceilingRun.ms / 1000))} rows/s`,
      );
      big.core.close();
    } else {
      report('peak RSS at 1,000,000 rows', 'not measured in this run', 'run with --million (minutes)');
    }
  } finally {
    await stack.stop();
    rmSync(work, { recursive: true, force: true });
  }
  return { figures, checks };
}

async function main() {
  const arg = (name: string, fallback: string) => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? process.argv[i + 1]! : fallback;
  };
  const started = performance.now();
  const { figures } = await runSyncFigures({
    rows: Number(arg('rows', '100000')),
    million: process.argv.includes('--million'),
    propagationChanges: Number(arg('changes', '100')),
    pushChanges: Number(arg('push', '10000')),
    pushOnly: process.argv.includes('--push-only'),
  });
  const widths = (['measure', 'result', 'compared'] as const).map((c) => Math.max(...figures.map((f) => f[c].length), 8));
  const line = (r: string[]) => r.map((cell, c) => cell.padEnd(widths[c]!)).join(' | ');
  console.log(
    `\nComplyFlow sync figures — node ${process.version}, ${os.cpus().length} cpus, load average ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  console.log(line(['measure', 'result', 'compared with (same run)']));
  console.log(widths.map((w) => '-'.repeat(w)).join('-|-'));
  for (const f of figures) console.log(line([f.measure, f.result, f.compared]));
  console.log(`\ntotal bench time ${fmt(ms(started) / 1000)} s`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(__filename)) {
  void main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
