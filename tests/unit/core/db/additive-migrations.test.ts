/**
 * Tables that sync change additively only: an older client keeps syncing after a newer one
 * migrates. Applies the migrations one at a time and checks that, for every synced table, no
 * column disappears or changes type, and every new column can be left out by an old client.
 */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate, type Migration } from '../../../../src-main/core/db/migrate';
import { migrations, syncedTables } from '../../../../src-main/core/db/migrations';

interface Column {
  name: string;
  type: string;
  notnull: number;
  dflt_value: string | null;
}

const columnsOf = (db: Database.Database, table: string) =>
  new Map((db.prepare(`SELECT name, type, "notnull", dflt_value FROM pragma_table_info(?)`).all(table) as Column[]).map((c) => [c.name, c]));

function additiveViolations(list: readonly Migration[], tables: readonly string[]): string[] {
  const db = new Database(':memory:');
  const problems: string[] = [];
  let previous = new Map<string, Map<string, Column>>();
  for (const m of list) {
    migrate(db, list, m.version);
    const current = new Map(tables.map((t) => [t, columnsOf(db, t)]));
    for (const [table, before] of previous) {
      if (before.size === 0) continue;
      const after = current.get(table)!;
      for (const [name, column] of before) {
        if (!after.has(name)) problems.push(`${m.name} removed ${table}.${name}`);
        else if (after.get(name)!.type !== column.type) problems.push(`${m.name} retyped ${table}.${name}`);
      }
      for (const [name, column] of after) {
        if (!before.has(name) && column.notnull === 1 && column.dflt_value === null) {
          problems.push(`${m.name} added required ${table}.${name} without a default`);
        }
      }
    }
    previous = current;
  }
  db.close();
  return problems;
}

describe('synced tables', () => {
  it('every synced table exists and carries the sync columns', () => {
    const db = new Database(':memory:');
    migrate(db, migrations);
    for (const table of syncedTables) {
      const columns = columnsOf(db, table);
      for (const required of ['id', 'org_id', 'created_at', 'updated_at', 'updated_by', 'deleted_at']) {
        expect(columns.has(required), `${table}.${required}`).toBe(true);
      }
    }
    db.close();
  });

  it('only ever gain columns, and new columns are nullable or defaulted', () => {
    expect(additiveViolations(migrations, syncedTables)).toEqual([]);
  });

  it('the check catches a dropped, a retyped and a required new column', () => {
    const next = migrations.length + 1;
    const bad: Migration[] = [
      ...migrations,
      { version: next, name: 'drop-owner', sql: 'ALTER TABLE policies DROP COLUMN owner' },
      { version: next + 1, name: 'add-required', sql: "ALTER TABLE policies ADD COLUMN reviewer TEXT NOT NULL DEFAULT 'x'; CREATE TABLE t (a TEXT) STRICT;" },
    ];
    expect(additiveViolations(bad, ['policies'])).toEqual(['drop-owner removed policies.owner']);
    const retyped: Migration[] = [
      ...migrations,
      {
        version: next,
        name: 'retype',
        sql: `CREATE TABLE p2 AS SELECT * FROM policies; DROP TABLE policies; CREATE TABLE policies (id TEXT, org_id TEXT, title INTEGER, body TEXT, status TEXT, owner TEXT, next_review_date TEXT, created_at TEXT, updated_at TEXT, updated_by TEXT, deleted_at TEXT, extra TEXT NOT NULL);`,
      },
    ];
    expect(additiveViolations(retyped, ['policies'])).toEqual(
      expect.arrayContaining(['retype retyped policies.title', 'retype added required policies.extra without a default', 'retype removed policies.version_major']),
    );
  });
});
