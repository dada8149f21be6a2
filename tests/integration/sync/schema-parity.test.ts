/**
 * The replica and the server describe the same records (docs/data-model.md): every column a
 * synced table has in the local SQLite replica must exist on the server table of the same
 * name, or a push of that column would be lost or refused. Runs the real replica migrations on
 * a SQLite file and the real supabase/migrations on PGlite.
 */
import { PGlite } from '@electric-sql/pglite';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../../../src-main/core/db/migrate';
import { migrations, syncedTables } from '../../../src-main/core/db/migrations';
import { fromPglite } from '../../support/db.ts';
import { applyMigrations } from '../../support/migrations.ts';

let pglite: PGlite;
const serverColumns = new Map<string, Set<string>>();
const localColumns = new Map<string, Set<string>>();

beforeAll(async () => {
  pglite = new PGlite();
  const db = fromPglite(pglite);
  await applyMigrations(db);
  const { rows } = await db.query<{ table_name: string; column_name: string }>(
    `select table_name, column_name from information_schema.columns where table_schema = 'public'`,
  );
  for (const row of rows) {
    const set = serverColumns.get(row.table_name) ?? new Set<string>();
    set.add(row.column_name);
    serverColumns.set(row.table_name, set);
  }
  const local = new Database(':memory:');
  migrate(local, migrations);
  for (const table of syncedTables) {
    const columns = local.prepare('SELECT name FROM pragma_table_info(?)').all(table) as { name: string }[];
    localColumns.set(table, new Set(columns.map((c) => c.name)));
  }
  local.close();
});

afterAll(async () => {
  await pglite?.close();
});

describe('replica and server schema', () => {
  it('every synced table exists on the server', () => {
    expect(syncedTables.filter((table) => !serverColumns.has(table))).toEqual([]);
  });

  it.each(syncedTables.map((table) => ({ table })))('$table: every local column exists on the server', ({ table }) => {
    const server = serverColumns.get(table) ?? new Set<string>();
    expect([...(localColumns.get(table) ?? [])].filter((column) => !server.has(column))).toEqual([]);
  });
});
