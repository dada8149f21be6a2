/**
 * Local scale bench (issue 3 "Scale", DESIGN §8): seeds a fresh replica in a temp folder to
 * 5,000 policies, 100,000 evidence items (metadata rows), 2,000 controls, links and findings —
 * with an outbox entry per row in the same transaction, shaped as recordChange writes it —
 * then measures through core.router.call:
 *   search p95 (search.all, common and rare words), list page load p95 (policies.list and
 *   evidence.list, first page and deep offsets), local write p50/p99 (policies.update: change +
 *   outbox + trail, synchronous=FULL), the same write with synchronous=NORMAL in a separate
 *   replica (what FULL costs), and a raw better-sqlite3 bulk-insert ceiling.
 * Prints figures; no pass/fail. Run: npx tsx bench/local-scale.ts [--evidence 100000]
 *
 * The million-item figures (issue 13: cold start, search at 1M evidence + 50k policies, the
 * Chromium list jump, the write tail against its floors) are in bench/million.ts.
 */
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createCore, type Core } from '../src-main/core/core';
import type { Row } from '../src-main/core/sync/changes';
import { LOCAL_ORG_ID } from '../src-shared/domain/common';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const N_POLICIES = arg('policies', 5_000);
const N_EVIDENCE = arg('evidence', 100_000);
const N_CONTROLS = arg('controls', 2_000);
const N_SEARCHES = arg('searches', 240);
const N_WRITES = arg('writes', 500);
const ctx = { actor: 'bench' };

// A deterministic pseudo-random stream so runs compare.
let seed = 42;
const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
const pick = <T>(items: readonly T[]) => items[Math.floor(rand() * items.length)]!;

// Common words appear in most rows; each rare word in a handful.
const COMMON = ['access', 'control', 'review', 'security', 'policy', 'system', 'report', 'evidence', 'annual', 'data'];
const MEDIUM = [
  'encryption',
  'backup',
  'vendor',
  'incident',
  'firewall',
  'password',
  'training',
  'logging',
  'patch',
  'privacy',
  'retention',
  'network',
];
const rare = (i: number) => `zq${(i % 5000).toString(36)}x`;
const words = (n: number, i: number) => {
  const out: string[] = [];
  for (let k = 0; k < n; k++)
    out.push(rand() < 0.6 ? pick(COMMON) : rand() < 0.7 ? pick(MEDIUM) : `w${Math.floor(rand() * 20000)}`);
  if (i % 20 === 0) out.push(rare(i));
  return out.join(' ');
};

const ms = (t0: number) => performance.now() - t0;
const pct = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};
const fmt = (v: number) => (v < 10 ? v.toFixed(2) : v < 100 ? v.toFixed(1) : v.toFixed(0));

export function seedReplica(core: Core, counts: { policies: number; evidence: number; controls: number }) {
  const { db } = core;
  const at = new Date().toISOString();
  const book = { org_id: LOCAL_ORG_ID, created_at: at, updated_at: at, updated_by: 'bench', deleted_at: null };
  // Statements prepared once per table (preparing costs ~0.15 ms on this schema). Each row also
  // gets its outbox entry in the same transaction, shaped as recordChange writes it; the
  // hash-chained trail is left out of the seed (the write measurement below goes through it).
  const statements = new Map<string, Database.Statement>();
  const outbox = db.prepare(
    `INSERT INTO outbox (mutation_id, org_id, table_name, record_id, op, patch, base, created_at) VALUES (?, ?, ?, ?, 'insert', ?, NULL, ?)`,
  );
  const insert = (table: string, row: Row) => {
    let stmt = statements.get(table);
    if (!stmt) {
      const cols = Object.keys(row);
      stmt = db.prepare(`INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map((c) => `@${c}`).join(', ')})`);
      statements.set(table, stmt);
    }
    stmt.run(row);
    const { created_at: _c, updated_at: _u, updated_by: _b, ...patch } = row;
    outbox.run(randomUUID(), LOCAL_ORG_ID, table, row.id as string, JSON.stringify(patch), at);
  };
  const batch = <T>(n: number, size: number, make: (i: number) => T) => {
    for (let start = 0; start < n; start += size) {
      db.transaction(() => {
        for (let i = start; i < Math.min(n, start + size); i++) make(i);
      })();
    }
  };

  const frameworkId = randomUUID();
  db.transaction(() =>
    insert('frameworks', {
      ...book,
      id: frameworkId,
      title: 'Bench Framework',
      version: '1',
      source_uuid: randomUUID(),
      source_name: 'bench',
      oscal_version: '1.1.2',
    }),
  )();
  const controlIds: string[] = [];
  batch(counts.controls, 1000, (i) => {
    const id = randomUUID();
    controlIds.push(id);
    insert('controls', {
      ...book,
      id,
      framework_id: frameworkId,
      parent_id: null,
      control_key: `bc-${i}`,
      label: `BC-${i}`,
      title: `${pick(MEDIUM)} ${pick(COMMON)} ${i}`,
      group_title: 'Bench',
      statement: words(40, i),
      guidance: words(30, i + 1),
      params: '[]',
      sort_key: String(i).padStart(6, '0'),
      status: pick(['not_started', 'in_progress', 'implemented', 'implemented', 'not_applicable']),
      justification: '',
      owner: '',
      notes: '',
    });
  });
  const policyIds: string[] = [];
  batch(counts.policies, 1000, (i) => {
    const id = randomUUID();
    policyIds.push(id);
    insert('policies', {
      ...book,
      id,
      title: `${pick(MEDIUM)} ${pick(COMMON)} policy ${i}`,
      body: `# Purpose\n\n${words(150, i)}\n\n## Scope\n\n${words(100, i + 7)}`,
      status: pick(['draft', 'in_review', 'approved', 'published']),
      owner: `owner ${i % 40}`,
      next_review_date: `202${5 + (i % 3)}-0${1 + (i % 9)}-15`,
    });
  });
  batch(counts.evidence, 5000, (i) => {
    const id = randomUUID();
    insert('evidence', {
      ...book,
      id,
      title: `${pick(MEDIUM)} ${pick(COMMON)} ${i}`,
      description: words(20, i),
      sha256: (i.toString(16).padStart(8, '0') + 'a'.repeat(56)).slice(0, 64),
      file_name: `${pick(MEDIUM)}-${i}.pdf`,
      mime_type: 'application/pdf',
      size_bytes: 1000 + i,
      as_of_date: '2026-01-15',
      expires_on: i % 3 === 0 ? `2026-0${1 + (i % 9)}-01` : null,
      renewal_days: i % 3 === 1 ? 365 : null,
      captured_by: 'bench',
      device_id: 'bench',
      audit_id: null,
    });
    if (i % 5 === 0) {
      insert('evidence_controls', { ...book, id: randomUUID(), evidence_id: id, control_id: pick(controlIds) });
    }
  });
  const auditId = randomUUID();
  db.transaction(() => {
    insert('audits', {
      ...book,
      id: auditId,
      title: 'Bench audit',
      framework_id: frameworkId,
      window_start: '2026-01-01',
      window_end: '2026-12-31',
      status: 'fieldwork',
      auditors: '[]',
    });
    for (let i = 0; i < 500; i++) {
      insert('findings', {
        ...book,
        id: randomUUID(),
        audit_id: auditId,
        control_id: pick(controlIds),
        title: `${pick(MEDIUM)} finding ${i}`,
        description: words(25, i),
        severity: pick(['low', 'medium', 'high', 'critical']),
        owner: '',
        due_date: null,
        status: pick(['open', 'in_remediation', 'closed']),
      });
    }
    for (let i = 0; i < Math.min(2000, policyIds.length); i++) {
      insert('policy_controls', {
        ...book,
        id: randomUUID(),
        policy_id: policyIds[i]!,
        control_id: controlIds[i % controlIds.length]!,
      });
    }
  })();
  db.pragma('optimize');
  return { policyIds };
}

async function timeCalls(n: number, run: (i: number) => Promise<unknown>) {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    const result = (await run(i)) as { ok: boolean; error?: { message: string } };
    times.push(ms(t0));
    if (!result.ok) throw new Error(`call failed: ${result.error?.message}`);
  }
  return times;
}

async function writeBench(core: Core, policyIds: string[]) {
  return timeCalls(N_WRITES, (i) =>
    core.router.call('policies', 'update', { id: policyIds[i % policyIds.length]!, owner: `bench owner ${i}` }, ctx),
  );
}

async function main() {
  const started = performance.now();
  const root = mkdtempSync(path.join(os.tmpdir(), 'complyflow-bench-'));
  const rows: [string, string, string][] = [];
  try {
    const core = createCore({ dataDir: path.join(root, 'full'), log: { error: (m, d) => console.error(m, d) } });
    let t0 = performance.now();
    const { policyIds } = seedReplica(core, { policies: N_POLICIES, evidence: N_EVIDENCE, controls: N_CONTROLS });
    const seedMs = ms(t0);
    const outbox = (core.db.prepare('SELECT count(*) AS n FROM outbox').get() as { n: number }).n;
    const seededRows = outbox;
    rows.push([
      'seed (rows + FTS + outbox, batched transactions)',
      `${seededRows} rows in ${fmt(seedMs / 1000)} s`,
      `${fmt(seededRows / (seedMs / 1000))} rows/s`,
    ]);

    // Search: a mix of common words, medium words, two-word queries, prefixes and rare words.
    const queries = Array.from({ length: N_SEARCHES }, (_, i) => {
      switch (i % 6) {
        case 0:
          return pick(COMMON);
        case 1:
          return `${pick(COMMON)} ${pick(MEDIUM)}`;
        case 2:
          return pick(MEDIUM);
        case 3:
          return pick(MEDIUM).slice(0, 3);
        case 4:
          return rare(Math.floor(rand() * 5000) * 20);
        default:
          return `w${Math.floor(rand() * 20000)}`;
      }
    });
    await core.router.call('search', 'all', { query: 'warmup' }, ctx);
    const search = await timeCalls(queries.length, (i) =>
      core.router.call('search', 'all', { query: queries[i]!, limitPerKind: 8 }, ctx),
    );
    const commonOnly = search.filter((_, i) => i % 6 === 0);
    rows.push([
      `search.all p50 / p95 (${queries.length} queries, 4 kinds)`,
      `${fmt(pct(search, 50))} / ${fmt(pct(search, 95))} ms`,
      `max ${fmt(Math.max(...search))} ms`,
    ]);
    rows.push([`search.all, one common word only, p95`, `${fmt(pct(commonOnly, 95))} ms`, `${commonOnly.length} queries`]);

    // List pages: first page and deep offsets, through the router.
    const listCalls: [string, unknown][] = [
      ['policies', { offset: 0, limit: 100 }],
      ['policies', { offset: Math.max(0, N_POLICIES - 100), limit: 100 }],
      ['policies', { offset: 0, limit: 100, query: 'encryption' }],
    ];
    const listTimes = { policies: [] as number[], evidence: [] as number[] };
    let evidenceListError: string | null = null;
    for (let r = 0; r < 20; r++) {
      for (const [, input] of listCalls)
        listTimes.policies.push(...(await timeCalls(1, () => core.router.call('policies', 'list', input, ctx))));
      // Half as many evidence pages: at 100k rows each is slow enough to dominate the run time.
      for (const offset of r % 2 ? [] : [0, Math.floor(N_EVIDENCE / 2), Math.max(0, N_EVIDENCE - 100)]) {
        const t = performance.now();
        const result = await core.router.call('evidence', 'list', { offset, limit: 100 }, ctx);
        if (!result.ok) evidenceListError = result.error.message;
        else listTimes.evidence.push(ms(t));
      }
    }
    rows.push([
      'policies.list page of 100 p50 / p95 (first, deep, searched)',
      `${fmt(pct(listTimes.policies, 50))} / ${fmt(pct(listTimes.policies, 95))} ms`,
      `${listTimes.policies.length} calls`,
    ]);
    rows.push(
      evidenceListError
        ? ['evidence.list page of 100', 'not measured', evidenceListError.slice(0, 60)]
        : [
            'evidence.list page of 100 p50 / p95 (offset 0, 50k, 99.9k)',
            `${fmt(pct(listTimes.evidence, 50))} / ${fmt(pct(listTimes.evidence, 95))} ms`,
            `${listTimes.evidence.length} calls`,
          ],
    );
    const dash = await timeCalls(20, () => core.router.call('dashboard', 'summary', {}, ctx));
    rows.push(['dashboard.summary p50 / p95', `${fmt(pct(dash, 50))} / ${fmt(pct(dash, 95))} ms`, '20 calls']);

    // Writes with synchronous=FULL (the app's setting) on the seeded replica.
    const full = await writeBench(core, policyIds);
    rows.push([
      `policies.update (change + outbox + trail), synchronous=FULL`,
      `p50 ${fmt(pct(full, 50))} / p99 ${fmt(pct(full, 99))} ms`,
      `${N_WRITES} writes, ${fmt(1000 / (full.reduce((a, b) => a + b, 0) / full.length))} writes/s`,
    ]);
    core.close();

    // The same writes on a separate replica with synchronous=NORMAL, to show what FULL costs.
    const normalCore = createCore({ dataDir: path.join(root, 'normal'), log: { error: (m, d) => console.error(m, d) } });
    const { policyIds: normalIds } = seedReplica(normalCore, { policies: N_POLICIES, evidence: 0, controls: 50 });
    normalCore.db.pragma('synchronous = NORMAL');
    const normal = await writeBench(normalCore, normalIds);
    rows.push([
      `policies.update, synchronous=NORMAL (reference only)`,
      `p50 ${fmt(pct(normal, 50))} / p99 ${fmt(pct(normal, 99))} ms`,
      `${N_WRITES} writes`,
    ]);
    normalCore.close();

    // Ceiling: raw better-sqlite3 bulk insert of evidence-like rows in one transaction.
    const raw = new Database(path.join(root, 'raw.sqlite3'));
    raw.pragma('journal_mode = WAL');
    raw.pragma('synchronous = FULL');
    raw.exec('CREATE TABLE t (id TEXT PRIMARY KEY, title TEXT, description TEXT, sha256 TEXT, size INTEGER) STRICT');
    const ins = raw.prepare('INSERT INTO t VALUES (?, ?, ?, ?, ?)');
    t0 = performance.now();
    raw.transaction(() => {
      for (let i = 0; i < N_EVIDENCE; i++) ins.run(randomUUID(), `title ${i}`, 'description text', 'a'.repeat(64), i);
    })();
    const rawMs = ms(t0);
    raw.close();
    rows.push([
      `raw better-sqlite3 bulk insert (${N_EVIDENCE} rows, 1 tx, no FTS/outbox)`,
      `${fmt(rawMs)} ms`,
      `${fmt(N_EVIDENCE / (rawMs / 1000))} rows/s`,
    ]);
    rows.push([
      'seed rate vs raw ceiling',
      `${fmt((seededRows / (seedMs / 1000) / (N_EVIDENCE / (rawMs / 1000))) * 100)} %`,
      'FTS triggers + outbox row per row',
    ]);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }

  const widths = [0, 1, 2].map((c) => Math.max(...rows.map((r) => r[c]!.length), 8));
  const line = (r: string[]) => r.map((cell, c) => cell.padEnd(widths[c]!)).join(' | ');
  console.log(
    `\nComplyFlow local scale bench — ${N_POLICIES} policies, ${N_EVIDENCE} evidence, ${N_CONTROLS} controls; node ${process.version}, ${os.cpus().length} cpus`,
  );
  console.log(line(['measure', 'result', 'notes']));
  console.log(widths.map((w) => '-'.repeat(w)).join('-|-'));
  for (const r of rows) console.log(line(r));
  console.log(`\ntotal bench time ${fmt(ms(started) / 1000)} s`);
  console.log('A million evidence items (start, search, list jump, write tail): npx tsx bench/million.ts [--data DIR]');
}

if (/local-scale\.ts$/.test(process.argv[1] ?? '')) {
  void main().catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
}
