/**
 * Replica row ⇄ server row, per table (issue 8, items 2, 3, 4, 7). The replica keeps SQLite
 * types (TEXT JSON, '' for "no id", NOT NULL with defaults); the server has jsonb, uuid and
 * timestamptz, and many nullable columns. Both directions are driven by the replica's own
 * columns (PRAGMA table_info), so a column added by a migration needs no change here:
 * - to the server: a JSON column's text becomes its JSON value, '' in an id column becomes null,
 *   times become ISO with milliseconds; bookkeeping the server stamps is never sent.
 * - from the server: JSON values become text, every time is normalized with toISOString, null
 *   where the replica is NOT NULL becomes the column's default ('' / 0 / '[]' / '{}'),
 *   server-only columns are dropped, replica-only columns keep their local value.
 */
import type { Db } from '../db/database';
import { perDatabase } from './per-database';

export type Row = Record<string, unknown>;

/** Columns that are jsonb on the server and TEXT JSON in the replica. */
const JSON_COLUMNS: Readonly<Record<string, ReadonlySet<string>>> = {
  controls: new Set(['params']),
  audits: new Set(['auditors']),
  remote_audit_events: new Set(['before', 'after']),
};

/** Columns that are boolean on the server and 0/1 INTEGER in the replica. */
const BOOLEAN_COLUMNS: Readonly<Record<string, ReadonlySet<string>>> = {
  policy_revisions: new Set(['ai_assisted']),
};

/** Never in a patch: the server stamps them or they name the row itself (sync-contract.md). */
export const NEVER_PATCHED: ReadonlySet<string> = new Set([
  'id',
  'org_id',
  'created_at',
  'updated_at',
  'updated_by',
  'row_version',
]);

/** Server columns of type uuid: a replica writes '' for "none" where the server wants null. */
const isIdColumn = (column: string) => column.endsWith('_id') || column === 'updated_by' || column === 'resolved_by';

/** timestamptz on the server (dates such as as_of_date stay 'YYYY-MM-DD' on both sides). */
export const isTimeColumn = (column: string) => column.endsWith('_at') || column === 'at';

export class DecodeError extends Error {}

/** What the replica keeps for evidence the server has without a file (sha256 null). */
export const NO_FILE_SHA256 = '0'.repeat(64);

export interface ReplicaColumn {
  name: string;
  type: string;
  notNull: boolean;
  /** What a server null becomes when the replica column is NOT NULL. */
  fallback: unknown;
}

/** The replica columns of a table, read once per database. */
export const replicaColumns: (db: Db, table: string) => readonly ReplicaColumn[] = perDatabase((db: Db, table: string) => {
  const rows = db
    .prepare('SELECT name, type, "notnull" AS not_null, dflt_value AS dflt FROM pragma_table_info(?)')
    .all(table) as {
    name: string;
    type: string;
    not_null: number;
    dflt: string | null;
  }[];
  if (rows.length === 0) throw new Error(`The replica has no table ${table}.`);
  return rows.map((r) => ({
    name: r.name,
    type: r.type.toUpperCase(),
    notNull: r.not_null === 1,
    fallback: fallbackOf(r.type, r.dflt),
  }));
});

function fallbackOf(type: string, dflt: string | null): unknown {
  if (dflt !== null) {
    if (/^'.*'$/s.test(dflt)) return dflt.slice(1, -1).replaceAll("''", "'");
    if (/^-?\d+(\.\d+)?$/.test(dflt)) return Number(dflt);
  }
  return type.toUpperCase() === 'INTEGER' || type.toUpperCase() === 'REAL' ? 0 : '';
}

/** An ISO instant with milliseconds, whatever precision and offset the server wrote. */
export function normalizeTime(value: string): string {
  const time = new Date(value);
  if (Number.isNaN(time.getTime())) throw new DecodeError(`${JSON.stringify(value).slice(0, 60)} is not a time.`);
  return time.toISOString();
}

/** Whether two times are the same instant (strings of different formats included). */
export function sameInstant(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'string' || typeof b !== 'string') return false;
  const ta = Date.parse(a);
  return !Number.isNaN(ta) && ta === Date.parse(b);
}

function decodeValue(table: string, column: ReplicaColumn, value: unknown, row: Row): unknown {
  if (value === null || value === undefined) {
    if (!column.notNull) return null;
    // A framework without a source: the replica's unique (org, source_uuid) must not make two
    // such frameworks collide, so each stands for itself.
    if (table === 'frameworks' && column.name === 'source_uuid') return `server:${String(row.id)}`;
    // Evidence without a file: the replica's CHECK wants 64 hex characters (encoded back as null).
    if (table === 'evidence' && column.name === 'sha256') return NO_FILE_SHA256;
    // An open-ended window: it ends where it starts, so the replica's start <= end holds.
    if (table === 'audits' && column.name === 'window_end') return typeof row.window_start === 'string' ? row.window_start : '';
    return column.fallback;
  }
  if (JSON_COLUMNS[table]?.has(column.name)) return JSON.stringify(value);
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (column.type === 'INTEGER') {
    const n = typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value;
    if (typeof n !== 'number' || !Number.isInteger(n)) throw new DecodeError(`${table}.${column.name} is not a whole number.`);
    return n;
  }
  if (typeof value === 'object') {
    throw new DecodeError(`${table}.${column.name} holds structured data the replica keeps as text only for JSON columns.`);
  }
  if (isTimeColumn(column.name) && typeof value === 'string') return normalizeTime(value);
  if (column.type === 'TEXT') return typeof value === 'string' ? value : String(value);
  return value;
}

/**
 * The replica row for a server row: every replica column set. `local` is the row the replica
 * has now (if any), whose replica-only columns are kept.
 */
export function decodeRow(db: Db, table: string, server: Row, local?: Row): Row {
  if (typeof server.id !== 'string' || server.id === '') throw new DecodeError(`A ${table} row came without an id.`);
  const out: Row = {};
  for (const column of replicaColumns(db, table)) {
    if (!(column.name in server)) {
      out[column.name] = local && column.name in local ? local[column.name] : column.notNull ? column.fallback : null;
      continue;
    }
    out[column.name] = decodeValue(table, column, server[column.name], server);
  }
  return out;
}

/** One replica value as the server wants it in a patch or base. */
export function encodeValue(table: string, column: string, value: unknown): unknown {
  if (value === undefined) return null;
  if (JSON_COLUMNS[table]?.has(column) && typeof value === 'string') {
    try {
      return JSON.parse(value) as unknown;
    } catch {
      return value;
    }
  }
  if (BOOLEAN_COLUMNS[table]?.has(column) && (value === 0 || value === 1)) return value === 1;
  if (value === '' && isIdColumn(column)) return null;
  if (table === 'evidence' && column === 'sha256' && value === NO_FILE_SHA256) return null;
  if (isTimeColumn(column) && typeof value === 'string' && value !== '') {
    const time = Date.parse(value);
    return Number.isNaN(time) ? value : new Date(time).toISOString();
  }
  return value;
}

/** A replica patch (or base) as the server wants it: server representation, no bookkeeping. */
export function encodePatch(table: string, patch: Row | null | undefined): Row {
  const out: Row = {};
  if (!patch) return out;
  for (const [column, value] of Object.entries(patch)) {
    if (NEVER_PATCHED.has(column)) continue;
    out[column] = encodeValue(table, column, value);
  }
  return out;
}
