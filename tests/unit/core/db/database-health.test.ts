/**
 * The replica's upkeep on real SQLite files: the integrity check runs in the background (and
 * still reports a damaged file), an unclean shutdown is noticed at the next start, and
 * checkpoints run from a second connection while the core's connection never checkpoints.
 */
import Database from 'better-sqlite3';
import { closeSync, existsSync, openSync, statSync, writeSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCore } from '../../../../src-main/core/core';
import { openDatabase } from '../../../../src-main/core/db/database';
import { startDatabaseMaintenance, type MaintenanceOptions } from '../../../../src-main/core/db/health/maintenance';
import type { DatabaseHealth } from '../../../../src-shared/api/database';
import { tempDir } from '../../../support/temp-dir';

let dir: ReturnType<typeof tempDir>;
let file: string;
const errors: string[] = [];
const log = { error: (message: string) => void errors.push(message) };
const now = () => new Date().toISOString();

beforeEach(() => {
  dir = tempDir();
  file = path.join(dir.path, 'replica.sqlite3');
  errors.length = 0;
});
afterEach(() => dir.remove());

const start = (options: Partial<MaintenanceOptions> = {}) => {
  const db = openDatabase(file);
  return { db, maintenance: startDatabaseMaintenance({ db, file, now, log, ...options }) };
};

/** A table big enough to span many pages, written into the main file (not just the log). */
function fillAndClose() {
  const db = openDatabase(file);
  db.exec('CREATE TABLE filler (x BLOB) STRICT');
  const insert = db.prepare('INSERT INTO filler VALUES (randomblob(300))');
  db.transaction(() => {
    for (let i = 0; i < 3000; i++) insert.run();
  })();
  db.close();
}

/** Overwrites one of filler's leaf pages (near the end of the file) with garbage. */
function damageOnePage() {
  const raw = new Database(file, { readonly: true });
  const pageSize = raw.pragma('page_size', { simple: true }) as number;
  raw.close();
  const pages = statSync(file).size / pageSize;
  const fd = openSync(file, 'r+');
  writeSync(fd, Buffer.alloc(64, 0xff), 0, 64, (pages - 3) * pageSize);
  closeSync(fd);
}

async function until(read: () => DatabaseHealth, done: (h: DatabaseHealth) => boolean) {
  for (let i = 0; i < 400; i++) {
    const health = read();
    if (done(health)) return health;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`health never settled: ${JSON.stringify(read())}`);
}

describe('integrity check', () => {
  it('is not on the start path: a damaged file still opens, and the background check reports it', async () => {
    fillAndClose();
    damageOnePage();
    const { maintenance } = start();
    expect(maintenance.health().integrity.state).toBe('scheduled');
    maintenance.checkIntegrity();
    expect(maintenance.health().integrity.state).toBe('checking');
    await maintenance.integritySettled();
    const { integrity } = maintenance.health();
    expect(integrity.state).toBe('damaged');
    expect(integrity.message).not.toBe('ok');
    expect(integrity.checkedAt).not.toBeNull();
    expect(errors.some((e) => /Integrity check \(requested\) found problems/.test(e))).toBe(true);
    maintenance.close();
  });

  it('passes an intact file and remembers the result across restarts, so the next start schedules none', async () => {
    fillAndClose();
    let { maintenance } = start();
    maintenance.checkIntegrity();
    await maintenance.integritySettled();
    expect(maintenance.health().integrity).toMatchObject({ state: 'ok', message: 'ok' });
    maintenance.close();
    ({ maintenance } = start());
    expect(maintenance.health()).toMatchObject({ uncleanShutdown: false, integrity: { state: 'ok', reason: null } });
    maintenance.close();
  });

  it('after an unclean shutdown, starts a check by itself in the background', async () => {
    fillAndClose();
    const first = start();
    first.maintenance.checkIntegrity();
    await first.maintenance.integritySettled();
    // Killed: the database is never closed through maintenance, so the marker stays.
    first.db.close();
    expect(existsSync(`${file}.open`)).toBe(true);

    const { maintenance } = start({ pollMs: 10, uncleanDelayMs: 20 });
    expect(maintenance.health()).toMatchObject({
      uncleanShutdown: true,
      integrity: { state: 'scheduled', reason: 'unclean_shutdown' },
    });
    const done = await until(maintenance.health, (h) => h.integrity.state === 'ok');
    expect(done.integrity.reason).toBeNull();
    maintenance.close();
    expect(existsSync(`${file}.open`)).toBe(false);
  });

  it('runs a due check once the app is idle', async () => {
    fillAndClose();
    const { maintenance } = start({ pollMs: 10, dueIdleMs: 30 });
    expect(maintenance.health().integrity).toMatchObject({ state: 'scheduled', reason: 'due' });
    await until(maintenance.health, (h) => h.integrity.state === 'ok');
    maintenance.close();
  });

  it('is reachable through the API: database.checkIntegrity then database.health', async () => {
    const core = createCore({ dataDir: dir.path, log });
    const ctx = { actor: 'local' };
    const started = await core.router.call('database', 'checkIntegrity', {}, ctx);
    expect(started).toMatchObject({ ok: true, value: { integrity: { state: 'checking', reason: 'requested' } } });
    const read = async () => {
      const result = await core.router.call('database', 'health', {}, ctx);
      if (!result.ok) throw new Error(result.error.message);
      return result.value as DatabaseHealth;
    };
    let health = await read();
    for (let i = 0; i < 400 && health.integrity.state === 'checking'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 25));
      health = await read();
    }
    expect(health.integrity).toMatchObject({ state: 'ok', message: 'ok' });
    expect(await core.router.call('database', 'health', { extra: 1 }, ctx)).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT' },
    });
    core.close();
  });
});

describe('checkpoints', () => {
  it("turn off the core connection's auto-checkpoint and copy the log from a second connection", () => {
    const { db, maintenance } = start();
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    db.exec('CREATE TABLE t (x BLOB) STRICT');
    const insert = db.prepare('INSERT INTO t VALUES (randomblob(4000))');
    // Past SQLite's default threshold of 1000 pages: the core's commits never checkpoint.
    for (let i = 0; i < 1200; i++) insert.run();
    expect(statSync(`${file}-wal`).size).toBeGreaterThan(1000 * 4096);
    maintenance.checkpointNow();
    const { checkpoints } = maintenance.health();
    expect(checkpoints.count).toBe(1);
    expect(checkpoints.lastLogFrames).toBeGreaterThan(1000);
    expect(checkpoints.lastCheckpointedFrames).toBe(checkpoints.lastLogFrames);
    maintenance.close();
  });

  it('run by themselves when writes stop', async () => {
    const { db, maintenance } = start({ pollMs: 10 });
    db.exec('CREATE TABLE t (x TEXT) STRICT');
    db.prepare("INSERT INTO t VALUES ('a')").run();
    const health = await until(maintenance.health, (h) => h.checkpoints.count > 0);
    expect(health.checkpoints.lastCheckpointedFrames).toBe(health.checkpoints.lastLogFrames);
    maintenance.close();
  });
});
