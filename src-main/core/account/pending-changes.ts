/**
 * Changes of an organization's replica that the server has not received yet (the outbox), and
 * writing them to a file the user can keep before this computer's copy is removed. The file
 * names the organization and the time; nothing is overwritten.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Db } from '../db/database';

export function pendingCount(db: Db): number {
  return (db.prepare('SELECT count(*) AS n FROM outbox').get() as { n: number }).n;
}

export function lastPendingSeq(db: Db): number {
  return (db.prepare('SELECT coalesce(max(seq), 0) AS s FROM outbox').get() as { s: number }).s;
}

export function exportPendingChanges(
  db: Db,
  dataDir: string,
  orgId: string,
  at: string,
): { path: string; changes: number; upToSeq: number } {
  const rows = db.prepare('SELECT * FROM outbox ORDER BY seq').all() as { seq: number; patch: string; base: string | null }[];
  const folder = path.join(dataDir, 'exports');
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  const file = path.join(folder, `unsent-changes-${orgId}-${at.replace(/[:.]/g, '-')}.json`);
  const changes = rows.map((r) => ({
    ...r,
    patch: JSON.parse(r.patch) as unknown,
    base: r.base === null ? null : (JSON.parse(r.base) as unknown),
  }));
  writeFileSync(file, JSON.stringify({ orgId, exportedAt: at, changes }, null, 2), { flag: 'wx', mode: 0o600 });
  return { path: file, changes: rows.length, upToSeq: rows.at(-1)?.seq ?? 0 };
}
