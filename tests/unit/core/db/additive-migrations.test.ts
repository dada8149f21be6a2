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
  new Map(
    (db.prepare(`SELECT name, type, "notnull", dflt_value FROM pragma_table_info(?)`).all(table) as Column[]).map((c) => [
      c.name,
      c,
    ]),
  );

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
    // A synced table of its own, so the check is shown on changes no real migration makes.
    const base: Migration[] = [
      { version: 1, name: 'create', sql: 'CREATE TABLE t (id TEXT PRIMARY KEY, a TEXT, b INTEGER, c TEXT NOT NULL) STRICT' },
    ];
    const dropped = [...base, { version: 2, name: 'drop-a', sql: 'ALTER TABLE t DROP COLUMN a' }];
    expect(additiveViolations(dropped, ['t'])).toEqual(['drop-a removed t.a']);
    const retyped = [
      ...base,
      {
        version: 2,
        name: 'retype',
        sql: 'DROP TABLE t; CREATE TABLE t (id TEXT PRIMARY KEY, a TEXT, b TEXT, c TEXT NOT NULL, d TEXT NOT NULL) STRICT',
      },
    ];
    expect(additiveViolations(retyped, ['t'])).toEqual(['retype retyped t.b', 'retype added required t.d without a default']);
    const fine = [
      ...base,
      { version: 2, name: 'add', sql: "ALTER TABLE t ADD COLUMN e TEXT; ALTER TABLE t ADD COLUMN f TEXT NOT NULL DEFAULT 'x'" },
    ];
    expect(additiveViolations(fine, ['t'])).toEqual([]);
  });
});
