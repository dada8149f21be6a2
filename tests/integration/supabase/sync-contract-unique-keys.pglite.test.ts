/**
 * The server holds the replica's unique keys (issue 8, item 5): for every synced table, the
 * unique indexes of the local SQLite replica (columns, and the partial-index condition) are
 * exactly the server's, or two devices doing the same thing make two server rows a pull can
 * never apply to one replica. Runs the real replica migrations on SQLite and the real
 * supabase/migrations on PGlite (which also proves they apply there).
 */
import { PGlite } from '@electric-sql/pglite';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../../../src-main/core/db/migrate';
import { migrations, syncedTables } from '../../../src-main/core/db/migrations';
import { fromPglite } from '../../support/db.ts';
import { applyMigrations } from '../../support/migrations.ts';

let pglite: PGlite;
const server = new Map<string, string[]>();
const local = new Map<string, string[]>();

/** One unique key as text both sides agree on: `col, col` plus ` where <condition>` if partial. */
function keyText(columns: string[], condition: string | null): string {
  const where = condition
    ? ` where ${condition
        .toLowerCase()
        .replace(/[()\s]+/g, ' ')
        .trim()}`
    : '';
  return `${columns.join(', ')}${where}`;
}

function add(map: Map<string, string[]>, table: string, key: string): void {
  map.set(table, [...(map.get(table) ?? []), key].sort());
}

beforeAll(async () => {
  pglite = new PGlite();
  const db = fromPglite(pglite);
  await applyMigrations(db);
  const { rows } = await db.query<{ table_name: string; columns: string[]; condition: string | null }>(
    `select t.relname as table_name,
            array(select a.attname::text from unnest(i.indkey::int2[]) with ordinality k (attnum, ord)
                  join pg_attribute a on a.attrelid = i.indrelid and a.attnum = k.attnum order by k.ord) as columns,
            pg_get_expr(i.indpred, i.indrelid) as condition
     from pg_index i join pg_class t on t.oid = i.indrelid join pg_namespace n on n.oid = t.relnamespace
     where n.nspname = 'public' and i.indisunique and not i.indisprimary`,
  );
  for (const row of rows) add(server, row.table_name, keyText(row.columns, row.condition));

  const replica = new Database(':memory:');
  migrate(replica, migrations);
  for (const table of syncedTables) {
    const indexes = replica
      .prepare(`SELECT name, partial FROM pragma_index_list(?) WHERE "unique" = 1 AND origin <> 'pk'`)
      .all(table) as { name: string; partial: number }[];
    for (const index of indexes) {
      const columns = (
        replica.prepare('SELECT name FROM pragma_index_info(?) ORDER BY seqno').all(index.name) as { name: string }[]
      ).map((c) => c.name);
      const sql = (
        replica.prepare(`SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?`).get(index.name) as {
          sql: string | null;
        }
      ).sql;
      const condition = index.partial && sql ? sql.slice(sql.search(/\bWHERE\b/i) + 5) : null;
      add(local, table, keyText(columns, condition));
    }
  }
  replica.close();
});

afterAll(async () => {
  await pglite?.close();
});

describe('unique keys of the replica and the server', () => {
  it('finds the link pairs, the framework source and the audit result pair on the replica (the comparison has something to compare)', () => {
    expect(local.get('policy_controls')).toEqual(['policy_id, control_id']);
    expect(local.get('frameworks')).toEqual(['org_id, source_uuid where deleted_at is null']);
    expect(local.get('audit_results')).toEqual(['audit_id, control_id']);
  });

  it.each(syncedTables.map((table) => ({ table })))('$table: the same unique keys on both sides', ({ table }) => {
    expect(server.get(table) ?? []).toEqual(local.get(table) ?? []);
  });
});
