/**
 * Upgrading a replica written before migration 0020 (start-and-search-at-scale): its evidence and
 * policies are re-indexed with 4- and 5-letter prefix indexes, and the overdue counts start from
 * the policies already there. The version before is found by name, never hard-coded.
 */
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../../src-main/core/db/database';
import { migrate } from '../../../../src-main/core/db/migrate';
import { migrations } from '../../../../src-main/core/db/migrations';
import { LOCAL_ORG_ID } from '../../../../src-shared/domain/common';
import { tempDir } from '../../../support/temp-dir';

let dir: ReturnType<typeof tempDir>;
beforeEach(() => (dir = tempDir()));
afterEach(() => dir.remove());

const AT = '2026-01-01T00:00:00.000Z';
const before = migrations.find((m) => m.name === 'start-and-search-at-scale')!.version - 1;

function oldReplica(file: string) {
  const db = new Database(file);
  migrate(db, migrations, before);
  const evidence = db.prepare(
    `INSERT INTO evidence (id, org_id, title, description, sha256, size_bytes, as_of_date, created_at, updated_at, updated_by)
     VALUES (?, ?, ?, ?, ?, 1, '2026-01-01', ?, ?, 'local')`,
  );
  evidence.run(randomUUID(), LOCAL_ORG_ID, 'Disk encryption report', 'laptops', 'a'.repeat(64), AT, AT);
  evidence.run(randomUUID(), LOCAL_ORG_ID, 'Firewall export', 'encrypted tunnels', 'b'.repeat(64), AT, AT);
  evidence.run(randomUUID(), LOCAL_ORG_ID, 'Vendor list', '', 'c'.repeat(64), AT, AT);
  const policy = db.prepare(
    `INSERT INTO policies (id, org_id, title, body, next_review_date, created_at, updated_at, updated_by)
     VALUES (?, ?, ?, ?, ?, ?, ?, 'local')`,
  );
  policy.run(randomUUID(), LOCAL_ORG_ID, 'Encryption Policy', 'Keys rotate yearly.', '2026-02-01', AT, AT);
  policy.run(randomUUID(), LOCAL_ORG_ID, 'Backup Policy', 'Nightly.', '2026-02-01', AT, AT);
  policy.run(randomUUID(), LOCAL_ORG_ID, 'Vendor Policy', 'Encrypt in transit.', null, AT, AT);
  db.close();
}

describe('migration start-and-search-at-scale on an existing replica', () => {
  it('re-indexes evidence and policies with 3-, 4- and 5-letter prefix indexes that answer like the words', () => {
    const file = path.join(dir.path, 'replica.sqlite3');
    oldReplica(file);
    const db = openDatabase(file);
    for (const fts of ['evidence_fts', 'policies_fts']) {
      const sql = db.prepare(`SELECT sql FROM sqlite_schema WHERE name = ?`).pluck().get(fts) as string;
      expect(sql).toContain(`prefix='3 4 5'`);
    }
    const titles = (fts: string, table: string, match: string) =>
      db
        .prepare(`SELECT t.title FROM ${fts} JOIN ${table} t ON t.rowid = ${fts}.rowid WHERE ${fts} MATCH ? ORDER BY t.title`)
        .pluck()
        .all(match);
    for (const typed of ['enc', 'encr', 'encry', 'encryp']) {
      expect(titles('evidence_fts', 'evidence', `"${typed}"*`)).toEqual(['Disk encryption report', 'Firewall export']);
      expect(titles('policies_fts', 'policies', `"${typed}"*`)).toEqual(['Encryption Policy', 'Vendor Policy']);
    }
    // Rows written after the upgrade are indexed by the same triggers.
    db.prepare(
      `INSERT INTO evidence (id, org_id, title, sha256, size_bytes, as_of_date, created_at, updated_at, updated_by)
       VALUES (?, ?, 'Encrypted backups', ?, 1, '2026-01-01', ?, ?, 'local')`,
    ).run(randomUUID(), LOCAL_ORG_ID, 'd'.repeat(64), AT, AT);
    expect(titles('evidence_fts', 'evidence', '"encr"*')).toEqual([
      'Disk encryption report',
      'Encrypted backups',
      'Firewall export',
    ]);
    db.close();
  });

  it('counts the policies already there per review day', () => {
    const file = path.join(dir.path, 'replica.sqlite3');
    oldReplica(file);
    const db = openDatabase(file);
    expect(db.prepare('SELECT org_id, review_date, n FROM policy_review_counts').all()).toEqual([
      { org_id: LOCAL_ORG_ID, review_date: '2026-02-01', n: 2 },
    ]);
    expect(db.prepare('SELECT count(*) FROM readiness_snapshots').pluck().get()).toBe(0);
    db.close();
  });
});
