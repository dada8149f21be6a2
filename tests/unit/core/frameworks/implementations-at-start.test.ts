/**
 * The start-time step that gives every live control its shared implementation, on a real SQLite
 * file with the shipped LOW and MODERATE baselines, around its quick check (the key indexes say
 * there is nothing to do): a tombstoned implementation or a control pulled without one is still
 * merged at the next start; a tombstoned control without one, or nothing changed, writes nothing.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../../src-main/core/core';
import { openDatabase } from '../../../../src-main/core/db/database';
import { localWorkspacePaths } from '../../../../src-main/core/workspace';
import { LOCAL_ORG_ID } from '../../../../src-shared/domain/common';
import { snapshot } from '../../../support/db-snapshot';
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

/** Writes to the closed replica straight through SQLite, as the sync engine applies pulled rows. */
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
const insertControl = (db: ReturnType<typeof openDatabase>, frameworkId: string, key: string, deletedAt: string | null) =>
  db
    .prepare(
      `INSERT INTO controls (id, org_id, framework_id, control_key, label, title, created_at, updated_at, updated_by, deleted_at)
       VALUES (?, ?, ?, ?, ?, 'Pulled control', ?, ?, 'older client', ?)`,
    )
    .run(randomUUID(), LOCAL_ORG_ID, frameworkId, key, key.toUpperCase(), NOW, NOW, deletedAt);

let low: string;
let moderate: string;
beforeEach(async () => {
  dir = tempDir();
  open();
  low = (await call<{ frameworkId: string }>('frameworks', 'importShipped', { name: 'nist-800-53r5-low' })).frameworkId;
  moderate = (await call<{ frameworkId: string }>('frameworks', 'importShipped', { name: 'nist-800-53r5-moderate' })).frameworkId;
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
    });
    open();
    expect(liveImplementation('ac-2')).toEqual(before);
  });

  it('a control pulled without an implementation into one baseline gets one at the next start', () => {
    withClosedReplica((db) => insertControl(db, moderate, 'zz-1', null));
    open();
    expect(liveImplementation('zz-1')).toBeDefined();
  });

  it('a tombstoned control without implementation, or nothing changed, writes nothing at start', () => {
    withClosedReplica((db) => insertControl(db, low, 'zz-2', NOW));
    open();
    const before = snapshot(core.db);
    core.close();
    open();
    expect(snapshot(core.db)).toEqual(before);
    expect(liveImplementation('zz-2')).toBeUndefined();
  });
});
