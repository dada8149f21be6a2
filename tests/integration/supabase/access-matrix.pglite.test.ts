// The same migrations, catalog rules and access matrix in-process on PGlite: fast feedback
// without a server. (Concurrency, the gateway and storage files need the real server.)
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromPglite, type Db } from '../../support/db.ts';
import { applyMigrations } from '../../support/migrations.ts';
import { assertCell, cells, EXPECTED, seedWorld, type World } from './access-fixture.ts';
import { catalogProblems, publicTables } from './catalog.ts';

let pglite: PGlite;
let db: Db;
let world: World;

beforeAll(async () => {
  pglite = new PGlite();
  db = fromPglite(pglite);
  await applyMigrations(db);
  world = await seedWorld(db);
});

afterAll(async () => {
  await pglite?.close();
});

describe('migrations on PGlite', () => {
  it('pass the catalog rules and cover every table', async () => {
    expect(await catalogProblems(db)).toEqual([]);
    expect(await publicTables(db)).toEqual(Object.keys(EXPECTED).sort());
  });
});

describe('row-level security on PGlite', () => {
  for (const cell of cells()) {
    it(`${cell.table}: ${cell.actor} ${cell.op} is ${cell.allowed ? 'allowed' : 'refused'}`, async () => {
      await assertCell(db, world, cell);
    });
  }
});
