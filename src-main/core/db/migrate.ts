/**
 * Numbered migrations, one transaction each, version kept in PRAGMA user_version. The list only
 * grows; a database whose version is above the newest migration was made by a newer app and is
 * refused rather than guessed at.
 */
import type Database from 'better-sqlite3';
import { AppError, ErrorCode } from '../../../src-shared/errors';

export interface Migration {
  version: number;
  name: string;
  sql: string;
  /** Tables this migration creates that sync with the server (additive changes only, forever). */
  syncedTables?: readonly string[];
}

export function schemaVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

export function migrate(db: Database.Database, migrations: readonly Migration[], target = latestVersion(migrations)): void {
  migrations.forEach((m, index) => {
    if (m.version !== index + 1) throw new Error(`Migration ${m.name} is numbered ${m.version}, expected ${index + 1}`);
  });
  const current = schemaVersion(db);
  if (current > latestVersion(migrations)) {
    throw new AppError(
      ErrorCode.DatabaseUnusable,
      `This database was made by a newer version of ComplyFlow (schema ${current}; this app knows up to ${latestVersion(migrations)}). Update the app to open it.`,
    );
  }
  for (const m of migrations) {
    if (m.version <= current || m.version > target) continue;
    db.transaction(() => {
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    })();
  }
}

export const latestVersion = (migrations: readonly Migration[]) => migrations.at(-1)?.version ?? 0;
