// Every table × select / insert / update / delete / move-to-another-org × {anon, each role in
// org A, the owner of org B}, on real PostgreSQL 15 with the migrations as deployed.
import pg from 'pg';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { fromPg, type Db } from '../../support/db.ts';
import { applyMigrations } from '../../support/migrations.ts';
import { startPostgres, type PostgresServer } from '../../support/postgres.ts';
import { assertCell, cells, seedWorld, type World } from './access-fixture.ts';

let server: PostgresServer;
let client: pg.Client;
let db: Db;
let world: World;

beforeAll(async () => {
  server = await startPostgres();
  client = new pg.Client({ connectionString: server.url });
  await client.connect();
  db = fromPg(client);
  await applyMigrations(db);
  world = await seedWorld(db);
});

afterAll(async () => {
  await client?.end();
  await server?.stop();
});

describe('row-level security on PostgreSQL 15', () => {
  for (const cell of cells()) {
    it(`${cell.table}: ${cell.actor} ${cell.op} is ${cell.allowed ? 'allowed' : 'refused'}`, async () => {
      await assertCell(db, world, cell);
    });
  }
});
