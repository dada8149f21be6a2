/**
 * The start-time step that gives every live control its shared implementation, on a real SQLite
 * file with the shipped LOW baseline: skipped while the org's readiness snapshot is kept (no
 * framework, control or implementation changed since a start that ran it), run again after a
 * write that can leave a control without one, as a pull from an older client does.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../../src-main/core/core';
import { openDatabase } from '../../../../src-main/core/db/database';
import { localWorkspacePaths } from '../../../../src-main/core/workspace';
import { LOCAL_ORG_ID } from '../../../../src-shared/domain/common';
import { tempDir } from '../../../support/temp-dir';

let dir: ReturnType<typeof tempDir>;
let core: Core;
const ctx = { actor: 'local' };
const NOW = '2026-03-15T10:00:00.000Z';
const open = () => (core = createCore({ dataDir: dir.path, log: { error: () => {} }, now: () => NOW }));

async function call<T>(ns: string, method: string, input: unknown): Promise<T> {
  const result = await core.router.call(ns, method, input, ctx);
  if (!result.ok) throw new Error(result.error.message);
  return result.value as T;
}

/** Writes to the closed replica straight through SQLite, as the sync engine's pull does. */
function withClosedReplica(write: (db: ReturnType<typeof openDatabase>) => void) {
  core.close();
  const db = openDatabase(localWorkspacePaths(dir.path).database);
  try {
    write(db);
  } finally {
    db.close();
  }
}

const liveImplementation = (key: string) =>
  core.db
    .prepare(`SELECT id FROM control_implementations WHERE org_id = ? AND control_key = ? AND deleted_at IS NULL`)
    .get(LOCAL_ORG_ID, key) as { id: string } | undefined;
const snapshotKept = (db = core.db) =>
  db.prepare('SELECT 1 FROM readiness_snapshots WHERE org_id = ?').get(LOCAL_ORG_ID) !== undefined;

let frameworkId: string;
beforeEach(async () => {
  dir = tempDir();
  open();
  frameworkId = (await call<{ frameworkId: string }>('frameworks', 'importShipped', { name: 'nist-800-53r5-low' })).frameworkId;
  await call('dashboard', 'summary', {});
  expect(snapshotKept()).toBe(true);
});
afterEach(() => {
  core.close();
  dir.remove();
});

describe('implementations at start', () => {
  it('a tombstoned implementation of a live control is brought back at the next start', () => {
    const before = liveImplementation('ac-2')!;
    withClosedReplica((db) => {
      db.prepare(`UPDATE control_implementations SET deleted_at = ? WHERE control_key = 'ac-2'`).run(NOW);
      expect(snapshotKept(db)).toBe(false);
    });
    open();
    expect(liveImplementation('ac-2')).toEqual(before);
  });

  it('a control pulled without an implementation gets one at the next start', () => {
    withClosedReplica((db) => {
      db.prepare(
        `INSERT INTO controls (id, org_id, framework_id, control_key, label, title, created_at, updated_at, updated_by)
         VALUES (?, ?, ?, 'zz-1', 'ZZ-1', 'Pulled control', ?, ?, 'older client')`,
      ).run(randomUUID(), LOCAL_ORG_ID, frameworkId, NOW, NOW);
      expect(snapshotKept(db)).toBe(false);
    });
    open();
    expect(liveImplementation('zz-1')).toBeDefined();
  });

  it('a start with the readiness snapshot kept takes it as proof and does not scan the controls', () => {
    // Forged here: a kept snapshot beside a control without implementation, which triggers rule out.
    withClosedReplica((db) => {
      const kept = db.prepare('SELECT * FROM readiness_snapshots WHERE org_id = ?').get(LOCAL_ORG_ID);
      db.prepare(`UPDATE control_implementations SET deleted_at = ? WHERE control_key = 'ac-2'`).run(NOW);
      db.prepare('INSERT INTO readiness_snapshots (org_id, today, frameworks) VALUES (@org_id, @today, @frameworks)').run(kept);
    });
    open();
    expect(liveImplementation('ac-2')).toBeUndefined();
  });
});
