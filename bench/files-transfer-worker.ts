/**
 * The core's part of bench/files-transfer.ts, in its own process so its RSS is its own: opens a
 * replica and blob store, records one evidence row (already on the server), runs the product's
 * transfer queue for one upload or one download through the stack's gateway, and prints one
 * JSON line: seconds, idle RSS before the transfer and peak RSS during it (sampled every 50 ms).
 *   tsx bench/files-transfer-worker.ts <json args>
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { openDatabase } from '../src-main/core/db/database';
import type { CoreDeps } from '../src-main/core/deps';
import { createWorkspaceTransfers } from '../src-main/core/transfers/transfers';

interface Args {
  phase: 'upload' | 'download';
  dir: string;
  url: string;
  anonKey: string;
  token: string;
  orgId: string;
  sha256: string;
  sizeBytes: number;
}

const args = JSON.parse(process.argv[2]) as Args;
mkdirSync(args.dir, { recursive: true });
const db = openDatabase(path.join(args.dir, 'replica.sqlite3'));
const at = new Date().toISOString();
db.prepare(
  `INSERT INTO evidence (id, org_id, title, sha256, size_bytes, as_of_date, created_at, updated_at, updated_by)
   VALUES (?, ?, 'Bench file', ?, ?, '2026-01-01', ?, ?, 'bench')`,
).run(randomUUID(), args.orgId, args.sha256, args.sizeBytes, at, at);
const errors: string[] = [];
const deps = {
  db,
  orgId: args.orgId,
  paths: { root: args.dir, database: path.join(args.dir, 'replica.sqlite3'), blobs: path.join(args.dir, 'blobs') },
  dataDir: args.dir,
  appVersion: 'bench',
  now: () => new Date().toISOString(),
  log: { error: (message: string, detail?: unknown) => void errors.push(`${message} ${String(detail ?? '')}`) },
  emit: () => undefined,
  changed: () => undefined,
  functionAccess: () => Promise.resolve({ url: args.url, anonKey: args.anonKey, accessToken: args.token }),
} as unknown as CoreDeps;

global.gc?.();
const idleRss = process.memoryUsage().rss;
let peakRss = idleRss;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);

const transfers = createWorkspaceTransfers(deps);
const started = performance.now();
transfers.start();
if (args.phase === 'download') {
  const evidenceId = db.prepare('SELECT id FROM evidence LIMIT 1').pluck().get() as string;
  void transfers.handlers.download({ evidenceId }, { actor: 'bench' });
}
void transfers.queue!.idle().then(() => {
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  const rows = db.prepare('SELECT direction, state, last_error FROM file_transfers').all();
  process.stdout.write(`${JSON.stringify({ seconds, idleRss, peakRss, rows, errors })}\n`);
  transfers.stop();
  db.close();
  process.exit(0);
});
