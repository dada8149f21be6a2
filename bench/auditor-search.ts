/**
 * What an auditor's assignment filter costs search and the dashboard (issue 8 leftover, against
 * issue 13's search p95 ≤ 10 ms at a million evidence items): seeds a replica as bench/million.ts
 * does (or reuses one: --data DIR), adds 20 audits with findings, test notes and 1 % of the
 * evidence captured in them, assigns the auditor to 2, then times search.all over the bench query
 * mix and dashboard.summary through the handlers, as an admin (no filter) and as that auditor
 * (their assignments filter audits, findings, notes and captures), query by query alternately so
 * both see the same load. The captures are the newest evidence rows, so an auditor's search skips
 * the hidden ones first (the dearest order for it).
 * Prints figures; no pass/fail. Run: npx tsx bench/auditor-search.ts [--data DIR] [--evidence 1000000]
 */
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createCore, type Core } from '../src-main/core/core';
import { dashboardHandlers } from '../src-main/core/dashboard/dashboard-handlers';
import { searchHandlers } from '../src-main/core/dashboard/search-handlers';
import type { CoreDeps } from '../src-main/core/deps';
import type { MemberRole } from '../src-shared/domain/account';
import { LOCAL_ORG_ID } from '../src-shared/domain/common';
import { seedReplica } from './local-scale';
import { COMMON, MEDIUM, queryMix } from './query-mix';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1]! : fallback;
};
const N_EVIDENCE = Number(arg('evidence', '1000000'));
const N_POLICIES = Number(arg('policies', '50000'));
const DATA = arg('data', '');
const AUDITOR = 'a0000000-0000-4000-8000-00000000ada0';
const log = { error: (m: string, d?: unknown) => console.error(m, d ?? '') };

const ms = (t0: number) => performance.now() - t0;
const pct = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};
const fmt = (v: number) => (v < 10 ? v.toFixed(2) : v < 100 ? v.toFixed(1) : v.toFixed(0));

let seed = 11;
const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
const pick = <T>(items: readonly T[]) => items[Math.floor(rand() * items.length)]!;

/** 20 audits, 2 assigned to the auditor, with findings, notes and captured evidence. */
function seedAudits(core: Core, evidenceInAudits: number) {
  const { db } = core;
  const at = new Date().toISOString();
  const book = { org_id: LOCAL_ORG_ID, created_at: at, updated_at: at, updated_by: 'bench' };
  const controls = db.prepare('SELECT id FROM controls LIMIT 200').pluck().all() as string[];
  const audit = db.prepare(
    `INSERT INTO audits (id, org_id, title, window_start, window_end, status, auditors, created_at, updated_at, updated_by)
     VALUES (@id, @org_id, @title, '2026-01-01', '2026-12-31', 'fieldwork', '[]', @created_at, @updated_at, @updated_by)`,
  );
  const assignment = db.prepare(
    `INSERT INTO audit_assignments (id, org_id, audit_id, user_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)`,
  );
  const finding = db.prepare(
    `INSERT INTO findings (id, org_id, audit_id, title, description, severity, status, created_at, updated_at, updated_by)
     VALUES (@id, @org_id, @audit_id, @title, @description, @severity, 'open', @created_at, @updated_at, @updated_by)`,
  );
  const result = db.prepare(
    `INSERT INTO audit_results (id, org_id, audit_id, control_id, result, notes, created_at, updated_at, updated_by)
     VALUES (@id, @org_id, @audit_id, @control_id, 'fail', @notes, @created_at, @updated_at, @updated_by)`,
  );
  const evidence = db.prepare(
    `INSERT INTO evidence (id, org_id, title, description, sha256, file_name, mime_type, size_bytes, as_of_date, expires_on,
       audit_id, created_at, updated_at, updated_by)
     VALUES (@id, @org_id, @title, @description, @sha256, @file_name, 'application/pdf', 1000, '2026-01-15', @expires_on,
       @audit_id, @created_at, @updated_at, @updated_by)`,
  );
  const text = () => `${pick(MEDIUM)} ${pick(COMMON)} ${pick(COMMON)} w${Math.floor(rand() * 20000)}`;
  const audits: string[] = [];
  db.transaction(() => {
    for (let a = 0; a < 20; a++) {
      const id = randomUUID();
      audits.push(id);
      audit.run({ ...book, id, title: `${pick(MEDIUM)} ${pick(COMMON)} audit ${a}` });
      if (a < 2) assignment.run(randomUUID(), LOCAL_ORG_ID, id, AUDITOR, at, at);
      for (let i = 0; i < 100; i++) {
        finding.run({
          ...book,
          id: randomUUID(),
          audit_id: id,
          title: text(),
          description: text(),
          severity: pick(['low', 'high']),
        });
        result.run({ ...book, id: randomUUID(), audit_id: id, control_id: controls[i % controls.length]!, notes: text() });
      }
    }
    for (let i = 0; i < evidenceInAudits; i++) {
      evidence.run({
        ...book,
        id: randomUUID(),
        title: text(),
        description: text(),
        sha256: randomUUID().replaceAll('-', '').padEnd(64, 'b'),
        file_name: `capture-${i}.pdf`,
        expires_on: i % 3 === 0 ? `2026-0${1 + (i % 9)}-01` : null,
        audit_id: audits[i % audits.length]!,
      });
    }
  })();
}

function prepared(dataDir: string) {
  const marker = path.join(dataDir, 'auditor-seeded.json');
  if (existsSync(marker)) return;
  console.log(`seeding ${N_EVIDENCE} evidence, ${N_POLICIES} policies, 20 audits into ${dataDir} …`);
  const t0 = performance.now();
  const core = createCore({ dataDir, log });
  seedReplica(core, { policies: N_POLICIES, evidence: N_EVIDENCE, controls: 2000 });
  seedAudits(core, Math.round(N_EVIDENCE / 100));
  core.db.pragma('optimize');
  core.close();
  writeFileSync(marker, JSON.stringify({ evidence: N_EVIDENCE, policies: N_POLICIES }));
  console.log(`  seeded in ${fmt(ms(t0) / 1000)} s`);
}

function handlersAs(core: Core, role: MemberRole) {
  const deps = {
    db: core.db,
    orgId: LOCAL_ORG_ID,
    now: () => new Date().toISOString(),
    membership: () => ({
      orgId: LOCAL_ORG_ID,
      orgName: 'Bench',
      role,
      requireMfa: false,
      displayName: null,
      allowSelfApproval: false,
    }),
  } as unknown as CoreDeps;
  return { search: searchHandlers(deps), dashboard: dashboardHandlers(deps) };
}

function main() {
  const dataDir = DATA || mkdtempSync(path.join(os.tmpdir(), 'complyflow-auditor-bench-'));
  try {
    prepared(dataDir);
    const core = createCore({ dataDir, log });
    const ctx = { actor: AUDITOR };
    const roles = { admin: handlersAs(core, 'admin'), auditor: handlersAs(core, 'auditor') };
    const times = { admin: [] as number[], auditor: [] as number[] };
    const summary = { admin: [] as number[], auditor: [] as number[] };
    for (const which of ['admin', 'auditor'] as const) roles[which].search.all({ query: 'warmup', limitPerKind: 8 }, ctx);
    for (const query of queryMix(240)) {
      for (const which of ['admin', 'auditor'] as const) {
        const t0 = performance.now();
        roles[which].search.all({ query, limitPerKind: 8 }, ctx);
        times[which].push(ms(t0));
      }
    }
    for (let i = 0; i < 40; i++) {
      for (const which of ['admin', 'auditor'] as const) {
        const t0 = performance.now();
        roles[which].dashboard.summary({}, ctx);
        summary[which].push(ms(t0));
      }
    }
    core.close();
    console.log(`${N_EVIDENCE} evidence (1 % captured in 20 audits, the auditor on 2), ${N_POLICIES} policies`);
    for (const which of ['admin', 'auditor'] as const) {
      console.log(
        `  ${which.padEnd(7)} search.all p50 / p95 / max: ${fmt(pct(times[which], 50))} / ${fmt(pct(times[which], 95))} / ${fmt(
          Math.max(...times[which]),
        )} ms; dashboard.summary p50: ${fmt(pct(summary[which], 50))} ms`,
      );
    }
  } finally {
    if (!DATA) rmSync(dataDir, { recursive: true, force: true });
  }
}

main();
