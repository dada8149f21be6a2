/**
 * The one way a feature writes a row of a synced table: insert or update the row and record the
 * change (outbox entry + audit-trail event, recordChange) in the caller's transaction.
 *
 * SQL is built from the table's own columns (PRAGMA table_info) and prepared once per database
 * (an update statement per set of changed columns), only for the tables the migrations declare
 * synced: no table or column name ever comes from a caller's string or a row's keys. A row must carry exactly the table's columns, because
 * the row is the patch that syncs. The row's own stamp (org_id, updated_by, updated_at) is the
 * change's org, actor and time, so a row and its trail event cannot disagree.
 */
import type { Statement } from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import type { Db } from '../db/database';
import { syncedTables } from '../db/migrations';
import { BOOKKEEPING, recordChange, type Row } from './changes';
import { perDatabase } from './per-database';

/** The columns every synced table has (docs/data-model.md). */
export interface SyncedRow {
  id: string;
  org_id: string;
  created_at: string;
  updated_at: string;
  updated_by: string;
  deleted_at: string | null;
}

export type UpdateOp = 'update' | 'delete';

export interface SyncedTable<T extends SyncedRow> {
  readonly table: string;
  /** The table's columns, as SQLite lists them. */
  readonly columns: readonly string[];
  /** Inserts a new row and records it. */
  insert(row: T): void;
  /**
   * Writes `after` over `before` (only the columns that differ) and records the change. When
   * only bookkeeping moved, the row is stamped but nothing is sent or logged. Answers whether
   * anything but bookkeeping changed.
   */
  update(before: T, after: T, op?: UpdateOp): boolean;
  /** As update, but leaves the row as it was (stamp included) when only bookkeeping would change. */
  updateIfChanged(before: T, after: T, op?: UpdateOp): boolean;
}

/**
 * Columns only sync writes: the server's version of the row. A feature's row may carry them (it
 * read the row with SELECT *) or not; the writer never writes or records them.
 */
export const SYNC_ONLY_COLUMNS: ReadonlySet<string> = new Set(['row_version']);

/** Never rewritten: a row keeps its id, organization and creation time. */
const IMMUTABLE = ['id', 'org_id', 'created_at'] as const;

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

// One writer per database and table: an import writes thousands of rows in one transaction.
const writerFor = perDatabase(createWriter);

/** The writer for one synced table of this database (made on first use, then reused). */
export function syncedTable<T extends SyncedRow>(db: Db, table: string): SyncedTable<T> {
  return writerFor(db, table) as unknown as SyncedTable<T>;
}

/** The sync columns of a row created now: a new id, the organization, and its author's stamp. */
export const newRowStamp = (orgId: string, actor: string, at: string): SyncedRow => ({
  id: randomUUID(),
  org_id: orgId,
  created_at: at,
  updated_at: at,
  updated_by: actor,
  deleted_at: null,
});

function createWriter(db: Db, table: string): SyncedTable<SyncedRow> {
  if (!syncedTables.includes(table)) throw new Error(`${JSON.stringify(table)} is not a synced table.`);
  const columns = (db.prepare('SELECT name FROM pragma_table_info(?) ORDER BY cid').pluck().all(table) as string[]).filter(
    (column) => !SYNC_ONLY_COLUMNS.has(column),
  );
  if (columns.length === 0) throw new Error(`The synced table ${table} does not exist in this database.`);
  const columnSet = new Set(columns);
  const insertStatement = db.prepare(
    `INSERT INTO ${quote(table)} (${columns.map(quote).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
  );
  // Keyed by the changed columns: a write touches only what changed, so an index or a search
  // trigger on an untouched column is left alone.
  const updateStatements = new Map<string, Statement<unknown[]>>();
  const updateStatement = (changed: string[]) => {
    const key = changed.join(',');
    let statement = updateStatements.get(key);
    if (!statement) {
      statement = db.prepare(`UPDATE ${quote(table)} SET ${changed.map((c) => `${quote(c)} = ?`).join(', ')} WHERE id = ?`);
      updateStatements.set(key, statement);
    }
    return statement;
  };

  const assertColumns = (row: Row, what: string) => {
    const keys = Object.keys(row).filter((key) => !SYNC_ONLY_COLUMNS.has(key));
    if (keys.length === columns.length && keys.every((key) => columnSet.has(key))) return;
    const missing = columns.filter((column) => !(column in row));
    const extra = keys.filter((key) => !columnSet.has(key));
    throw new Error(
      `${what} for ${table} must carry exactly its columns` +
        (missing.length ? `; missing ${missing.join(', ')}` : '') +
        (extra.length ? `; not columns: ${extra.join(', ')}` : ''),
    );
  };

  const record = (before: Row | null, after: Row, op: 'insert' | UpdateOp) =>
    recordChange(db, {
      table,
      recordId: after.id as string,
      orgId: after.org_id as string,
      actor: after.updated_by as string,
      at: after.updated_at as string,
      before,
      after,
      op,
    });

  const write = (beforeRow: SyncedRow, afterRow: SyncedRow, op: UpdateOp, skipUnchanged: boolean): boolean => {
    const before = beforeRow as unknown as Row;
    const after = afterRow as unknown as Row;
    assertColumns(before, 'The row before');
    assertColumns(after, 'The row after');
    for (const column of IMMUTABLE) {
      if (before[column] !== after[column]) throw new Error(`A ${table} row keeps its ${column}.`);
    }
    const changed: string[] = [];
    let material = false;
    for (const column of columns) {
      if (before[column] === after[column]) continue;
      changed.push(column);
      if (!BOOKKEEPING.has(column)) material = true;
    }
    if (skipUnchanged && !material) return false;
    if (changed.length > 0) updateStatement(changed).run(...changed.map((column) => after[column]), after.id);
    record(before, after, op);
    return material;
  };

  return {
    table,
    columns,
    insert(row) {
      const values = row as unknown as Row;
      assertColumns(values, 'A new row');
      insertStatement.run(columns.map((column) => values[column]));
      record(null, values, 'insert');
    },
    update: (before, after, op = 'update') => write(before, after, op, false),
    updateIfChanged: (before, after, op = 'update') => write(before, after, op, true),
  };
}
