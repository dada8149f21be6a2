/**
 * Opens a replica file with the settings every write relies on: WAL, synchronous=FULL (an
 * acknowledged write survives power loss), foreign keys, and migrations applied. A file that
 * is not SQLite, or comes from a newer app, is refused with DATABASE_UNUSABLE before any
 * handler can touch it.
 *
 * No integrity check here: `quick_check` reads every page (3.4 s of a 3.7 s start at a million
 * evidence items). It runs in the background instead (db/health/maintenance.ts).
 */
import Database from 'better-sqlite3';
import { AppError, ErrorCode } from '../../../src-shared/errors';
import { migrate, type Migration } from './migrate';
import { migrations as replicaMigrations } from './migrations';

export type Db = Database.Database;

export function openDatabase(file: string, migrations: readonly Migration[] = replicaMigrations): Db {
  let db: Db;
  try {
    db = new Database(file);
  } catch (error) {
    throw new AppError(ErrorCode.DatabaseUnusable, `Cannot open ${file}: ${(error as Error).message}`);
  }
  try {
    // The first statement is where SQLite notices a file that is not a database.
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    migrate(db, migrations);
    return db;
  } catch (error) {
    db.close();
    if (error instanceof AppError) throw error;
    const code = (error as { code?: string }).code;
    if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') {
      throw new AppError(
        ErrorCode.DatabaseUnusable,
        `${file} is not a ComplyFlow database (it is not SQLite, or it is damaged).`,
      );
    }
    throw error;
  }
}
