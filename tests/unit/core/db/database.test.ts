import Database from 'better-sqlite3';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../../src-main/core/db/database';
import { latestVersion, schemaVersion } from '../../../../src-main/core/db/migrate';
import { migrations } from '../../../../src-main/core/db/migrations';
import { AppError, ErrorCode } from '../../../../src-shared/errors';
import { tempDir } from '../../../support/temp-dir';

let dir: ReturnType<typeof tempDir>;
beforeEach(() => (dir = tempDir()));
afterEach(() => dir.remove());

describe('openDatabase', () => {
  it('opens a new file with WAL, synchronous=FULL, foreign keys, and every migration', () => {
    const db = openDatabase(path.join(dir.path, 'replica.sqlite3'));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(schemaVersion(db)).toBe(latestVersion(migrations));
    db.close();
  });

  it('makes every table STRICT', () => {
    const db = openDatabase(path.join(dir.path, 'replica.sqlite3'));
    const tables = db
      .prepare(
        "SELECT name, strict FROM pragma_table_list WHERE type = 'table' AND schema = 'main' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%_fts%'",
      )
      .all() as { name: string; strict: number }[];
    expect(tables.length).toBeGreaterThan(0);
    for (const table of tables) expect({ table: table.name, strict: table.strict }).toEqual({ table: table.name, strict: 1 });
    db.close();
  });

  it('refuses a file that is not SQLite with DATABASE_UNUSABLE and leaves it alone', () => {
    const file = path.join(dir.path, 'replica.sqlite3');
    writeFileSync(file, 'this is a spreadsheet, not a database\n'.repeat(200));
    const attempt = () => openDatabase(file);
    expect(attempt).toThrow(AppError);
    expect(attempt).toThrow(/not a ComplyFlow database/);
    try {
      attempt();
    } catch (error) {
      expect((error as AppError).code).toBe(ErrorCode.DatabaseUnusable);
    }
  });

  it('refuses a database made by a newer app version, without changing it', () => {
    const file = path.join(dir.path, 'replica.sqlite3');
    openDatabase(file).close();
    const raw = new Database(file);
    raw.pragma(`user_version = ${latestVersion(migrations) + 5}`);
    raw.close();
    expect(() => openDatabase(file)).toThrow(/newer version of ComplyFlow/);
    const again = new Database(file);
    expect(again.pragma('user_version', { simple: true })).toBe(latestVersion(migrations) + 5);
    again.close();
  });

  it('applies only the missing migrations to an older database', () => {
    const file = path.join(dir.path, 'replica.sqlite3');
    openDatabase(file, migrations.slice(0, 1)).close();
    const db = openDatabase(file);
    expect(schemaVersion(db)).toBe(latestVersion(migrations));
    db.close();
  });
});
