/**
 * The apply path of rows that come from the server (a pull page, or the row a push answer
 * carries). Unlike a feature's write it makes no outbox entry and no trail event: the row is
 * the server's, not a change made here (issue 8, item 8). Per row:
 * - applied only when its row_version is newer than the replica's;
 * - a record with changes still waiting in the outbox shows the server row with those changes
 *   re-applied on top (rebase), until the server has answered them;
 * - a row the replica cannot take (bad data, a replica rule) or whose parent has not arrived
 *   yet is held in sync_held and retried after each page; the rest applies.
 * The caller runs a page in one transaction with deferred foreign keys (applyPage does).
 */
import type { Statement } from 'better-sqlite3';
import { AppError } from '../../../src-shared/errors';
import type { Db } from '../db/database';
import { syncedTables } from '../db/migrations';
import { decodeRow, DecodeError, replicaColumns, type Row } from './codec';
import { perDatabase } from './per-database';
import { applyRemoteTrailRow } from './remote-trail';

/** Replica tables a pulled row of the same name is stored in. */
export const PULLED_TABLES: ReadonlySet<string> = new Set([...syncedTables, 'policy_conflicts', 'audit_assignments']);

export interface ServerChange {
  table: string;
  id: string;
  row_version: number;
  row: Row;
}

/** What a page did, for events and status. */
export interface ApplyReport {
  /** Ids written, per table (for data.changed after commit). */
  changed: Map<string, Set<string>>;
  applied: number;
  /** Older than (or as old as) what the replica has. */
  skipped: number;
  /** Newly held back (a missing parent, or the replica refuses the row). */
  held: number;
  /** Tables this app has no place for (a newer server). */
  unknown: number;
  /**
   * The server rows written in this transaction, by table and id: what is held if a parent is
   * missing (`existed`: the replica had the row before, so older rows may point at it).
   */
  sources: Map<string, ServerChange & { existed: boolean }>;
}

export const emptyReport = (): ApplyReport => ({
  changed: new Map(),
  applied: 0,
  skipped: 0,
  held: 0,
  unknown: 0,
  sources: new Map(),
});

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

interface TableStatements {
  table: string;
  columns: readonly string[];
  select: Statement<[string]>;
  upsert: Statement<unknown[]>;
  remove: Statement<[string]>;
  pending: Statement<[string, string]>;
  patchStatements: Map<string, Statement<unknown[]>>;
  /** UPDATEs of only the columns a server row changes, by column list (see writeRow). */
  changedStatements: Map<string, Statement<unknown[]>>;
}

const statementsFor = perDatabase((db: Db, table: string): TableStatements => {
  if (!PULLED_TABLES.has(table)) throw new Error(`${table} does not take pulled rows.`);
  const columns = replicaColumns(db, table).map((c) => c.name);
  const assignments = columns.filter((c) => c !== 'id').map((c) => `${quote(c)} = excluded.${quote(c)}`);
  return {
    table,
    columns,
    select: db.prepare(`SELECT * FROM ${quote(table)} WHERE id = ?`),
    upsert: db.prepare(
      `INSERT INTO ${quote(table)} (${columns.map(quote).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})
       ON CONFLICT (id) DO UPDATE SET ${assignments.join(', ')}`,
    ),
    remove: db.prepare(`DELETE FROM ${quote(table)} WHERE id = ?`),
    pending: db.prepare(
      `SELECT patch FROM outbox WHERE table_name = ? AND record_id = ? AND state <> 'rejected' ORDER BY seq`,
    ) as Statement<[string, string]>,
    patchStatements: new Map(),
    changedStatements: new Map(),
  };
});

// Column lists seen per table are few (a push answer changes the same server-stamped columns
// each time); past this many the whole-row upsert is used instead of preparing more.
const MAX_CHANGED_STATEMENTS = 64;

const sameValue = (a: unknown, b: unknown) => a === b || (Buffer.isBuffer(a) && Buffer.isBuffer(b) && a.equals(b));

/**
 * Writes a decoded server row. Over a row the replica has, only the columns whose value differs
 * are set: the same row results, but triggers on columns that did not change (the search index
 * on title and body, the review counts) do not run. That is most of the cost of taking a push
 * answer, which echoes our own row with the server's stamps.
 */
function writeRow(db: Db, statements: TableStatements, row: Row, local: Row | undefined, id: string): void {
  if (!local) {
    statements.upsert.run(...statements.columns.map((c) => row[c]));
    return;
  }
  const changed = statements.columns.filter((c) => c !== 'id' && !sameValue(row[c], local[c]));
  if (changed.length === 0) return;
  const key = changed.join(',');
  let statement = statements.changedStatements.get(key);
  if (!statement) {
    if (statements.changedStatements.size >= MAX_CHANGED_STATEMENTS) {
      statements.upsert.run(...statements.columns.map((c) => row[c]));
      return;
    }
    statement = db.prepare(
      `UPDATE ${quote(statements.table)} SET ${changed.map((c) => `${quote(c)} = ?`).join(', ')} WHERE id = ?`,
    );
    statements.changedStatements.set(key, statement);
  }
  statement.run(...changed.map((c) => row[c]), id);
}

const heldStatements = perDatabase((db: Db) => ({
  hold: db.prepare(
    `INSERT INTO sync_held (table_name, id, row, row_version, reason, since) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (table_name, id) DO UPDATE SET row = excluded.row, row_version = excluded.row_version, reason = excluded.reason
     WHERE excluded.row_version >= sync_held.row_version`,
  ),
  release: db.prepare('DELETE FROM sync_held WHERE table_name = ? AND id = ?'),
  find: db.prepare('SELECT row_version FROM sync_held WHERE table_name = ? AND id = ?'),
  all: db.prepare('SELECT table_name, id, row, row_version FROM sync_held ORDER BY since, table_name, id'),
}));

const mark = (report: ApplyReport, table: string, id: string) => {
  let ids = report.changed.get(table);
  if (!ids) report.changed.set(table, (ids = new Set()));
  ids.add(id);
};

/** Re-applies the record's waiting outbox patches on top of the row just written (rebase). */
function rebase(db: Db, table: string, id: string, statements: TableStatements): void {
  const patches = statements.pending.all(table, id) as { patch: string }[];
  if (patches.length === 0) return;
  const merged: Row = {};
  for (const { patch } of patches) Object.assign(merged, JSON.parse(patch) as Row);
  const columns = Object.keys(merged).filter((c) => c !== 'id' && statements.columns.includes(c));
  if (columns.length === 0) return;
  const key = columns.join(',');
  let statement = statements.patchStatements.get(key);
  if (!statement) {
    statement = db.prepare(`UPDATE ${quote(table)} SET ${columns.map((c) => `${quote(c)} = ?`).join(', ')} WHERE id = ?`);
    statements.patchStatements.set(key, statement);
  }
  statement.run(...columns.map((c) => merged[c]), id);
}

export interface ApplyOptions {
  now: string;
  /** Apply even when the replica's row_version is as new (a push answer for our own write). */
  force?: boolean;
}

/**
 * Writes one server row into the replica, or holds it. Must run inside a transaction with
 * deferred foreign keys (a missing parent is found at the end of the page, by settleHeld).
 */
export function applyServerRow(db: Db, change: ServerChange, report: ApplyReport, options: ApplyOptions): void {
  if (change.table === 'audit_events') {
    try {
      if (applyRemoteTrailRow(db, change.row)) mark(report, 'remote_audit_events', change.id);
      report.applied += 1;
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      hold(db, change, error.message, options.now);
      report.held += 1;
    }
    return;
  }
  if (!PULLED_TABLES.has(change.table)) {
    report.unknown += 1;
    return;
  }
  const statements = statementsFor(db, change.table);
  const local = statements.select.get(change.id) as Row | undefined;
  const localVersion = typeof local?.row_version === 'number' ? local.row_version : -1;
  if (local && (options.force ? change.row_version < localVersion : change.row_version <= localVersion)) {
    report.skipped += 1;
    return;
  }
  const held = heldStatements(db, 'held');
  const heldVersion = (held.find.get(change.table, change.id) as { row_version: number } | undefined)?.row_version;
  if (heldVersion !== undefined && heldVersion > change.row_version) {
    report.skipped += 1;
    return;
  }
  let row: Row;
  try {
    row = decodeRow(db, change.table, { ...change.row, row_version: change.row_version }, local);
    writeRow(db, statements, row, local, change.id);
  } catch (error) {
    if (!(error instanceof DecodeError) && !isConstraintError(error)) throw error;
    hold(db, change, `The replica cannot take this row: ${(error as Error).message}`, options.now);
    report.held += 1;
    return;
  }
  if (heldVersion !== undefined) held.release.run(change.table, change.id);
  report.sources.set(`${change.table}:${change.id}`, { ...change, existed: local !== undefined });
  rebase(db, change.table, change.id, statements);
  mark(report, change.table, change.id);
  report.applied += 1;
}

const isConstraintError = (error: unknown) =>
  typeof (error as { code?: unknown })?.code === 'string' && (error as { code: string }).code.startsWith('SQLITE_CONSTRAINT');

function hold(db: Db, change: ServerChange, reason: string, now: string) {
  heldStatements(db, 'held').hold.run(change.table, change.id, JSON.stringify(change.row), change.row_version, reason, now);
}

/** Each foreign key of a replica table, with a statement that finds its parent row. */
const foreignKeys = perDatabase((db: Db, table: string) =>
  (
    db.prepare('SELECT "table" AS parent, "from" AS child, "to" AS target FROM pragma_foreign_key_list(?)').all(table) as {
      parent: string;
      child: string;
      target: string | null;
    }[]
  ).map((fk) => ({
    parent: fk.parent,
    child: fk.child,
    find: db.prepare(`SELECT 1 FROM ${quote(fk.parent)} WHERE ${quote(fk.target ?? 'id')} = ? LIMIT 1`),
  })),
);

/** The parent table a replica row points at and that does not hold the row, or null. */
function missingParent(db: Db, table: string, id: string): string | null {
  const keys = foreignKeys(db, table);
  if (keys.length === 0) return null;
  const row = statementsFor(db, table).select.get(id) as Row | undefined;
  if (!row) return null;
  for (const key of keys) {
    const value = row[key.child];
    if (value !== null && value !== undefined && key.find.get(value) === undefined) return key.parent;
  }
  return null;
}

/** The whole-database check, for when a row the replica had before was moved out. */
function fullForeignKeyCheck(db: Db, report: ApplyReport, now: string) {
  for (let round = 0; round < 20; round += 1) {
    const violations = db.pragma('foreign_key_check') as { table: string; rowid: number; parent: string }[];
    if (violations.length === 0) break;
    for (const violation of violations) {
      if (!PULLED_TABLES.has(violation.table)) continue;
      const found = db.prepare(`SELECT id FROM ${quote(violation.table)} WHERE rowid = ?`).get(violation.rowid) as
        { id: string } | undefined;
      const source = found && report.sources.get(`${violation.table}:${found.id}`);
      // Only a row written in this transaction can miss its parent; anything else is not ours to move.
      if (!found || !source)
        throw new Error(`${violation.table} ${found?.id ?? violation.rowid} misses its ${violation.parent} row.`);
      hold(db, source, `Waiting for its ${violation.parent.replace(/_/g, ' ')} row to arrive.`, now);
      statementsFor(db, violation.table).remove.run(found.id);
      report.changed.get(violation.table)?.delete(found.id);
      report.sources.delete(`${violation.table}:${found.id}`);
      report.held += 1;
    }
  }
}

/**
 * At the end of a page (still in its transaction): held rows are tried again (their parent may
 * have come), and rows whose parent is still missing are moved to sync_held, so the page can
 * commit. Answers how many rows are held now.
 */
export function settleHeld(db: Db, report: ApplyReport, now: string): number {
  const held = heldStatements(db, 'held');
  for (const entry of held.all.all() as { table_name: string; id: string; row: string; row_version: number }[]) {
    if (!PULLED_TABLES.has(entry.table_name)) continue;
    const statements = statementsFor(db, entry.table_name);
    const local = statements.select.get(entry.id) as Row | undefined;
    if (local && typeof local.row_version === 'number' && local.row_version >= entry.row_version) {
      held.release.run(entry.table_name, entry.id);
      continue;
    }
    try {
      const row = decodeRow(db, entry.table_name, { ...(JSON.parse(entry.row) as Row), row_version: entry.row_version }, local);
      statements.upsert.run(...statements.columns.map((c) => row[c]));
    } catch (error) {
      if (error instanceof DecodeError || isConstraintError(error)) continue;
      throw error;
    }
    held.release.run(entry.table_name, entry.id);
    report.sources.set(`${entry.table_name}:${entry.id}`, {
      table: entry.table_name,
      id: entry.id,
      row_version: entry.row_version,
      row: JSON.parse(entry.row) as Row,
      existed: local !== undefined,
    });
    rebase(db, entry.table_name, entry.id, statements);
    mark(report, entry.table_name, entry.id);
  }
  // Rows whose parent is still missing: held back, so the page can commit without them. Only
  // rows written in this transaction can miss a parent (what committed before had its parents),
  // so only they are looked at, by their own keys: a whole-database foreign_key_check here
  // cost a scan of every child table per page, which grew with the replica. Moving a row out
  // may orphan its own children, hence the rounds; a row that existed before and is moved out
  // may orphan older rows, which the full check then finds (rare: an update naming a new parent).
  let movedExisting = false;
  for (let round = 0; round < 20; round += 1) {
    let moved = 0;
    for (const [key, source] of report.sources) {
      const parent = missingParent(db, source.table, source.id);
      if (parent === null) continue;
      hold(db, source, `Waiting for its ${parent.replace(/_/g, ' ')} row to arrive.`, now);
      statementsFor(db, source.table).remove.run(source.id);
      report.changed.get(source.table)?.delete(source.id);
      report.sources.delete(key);
      report.held += 1;
      moved += 1;
      if (source.existed) movedExisting = true;
    }
    if (moved === 0) break;
  }
  if (movedExisting) fullForeignKeyCheck(db, report, now);
  return heldCount(db);
}

export const heldCount = (db: Db): number => (db.prepare('SELECT count(*) AS n FROM sync_held').get() as { n: number }).n;

/**
 * One page of server changes in one transaction with deferred foreign keys, and the cursor
 * saved with it (a restart resumes after the last page that committed).
 *
 * It commits with synchronous=NORMAL, not the replica's FULL: the fsync of every commit was a
 * third of a first sync's time (200-row transactions). Nothing acknowledged is traded: pulled
 * rows are the server's, and the cursor commits with them, so a power loss that takes the last
 * pages back takes their cursor back too and they are pulled again (WAL keeps commits in order;
 * the next FULL commit, such as any local write, makes these durable with it). A kill of the
 * process loses nothing either way (the commit is in the OS's cache).
 */
export function applyPage(
  db: Db,
  changes: readonly ServerChange[],
  options: { now: string; saveCursor?: () => void },
): ApplyReport {
  const report = emptyReport();
  const synchronous = db.pragma('synchronous', { simple: true }) as number;
  db.pragma('synchronous = NORMAL');
  try {
    db.transaction(() => {
      db.pragma('defer_foreign_keys = ON');
      for (const change of changes) applyServerRow(db, change, report, { now: options.now });
      settleHeld(db, report, options.now);
      options.saveCursor?.();
    })();
  } finally {
    db.pragma(`synchronous = ${synchronous}`);
  }
  return report;
}
