// The member RPCs over every caller, on real PostgreSQL 15 (members-fixture.ts).
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { fromPg, type Db } from '../../support/db.ts';
import { applyMigrations } from '../../support/migrations.ts';
import { startPostgres, type PostgresServer } from '../../support/postgres.ts';
import { seedWorld, type World } from './access-fixture.ts';
import { describeMemberRpcs } from './members-fixture.ts';

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

describeMemberRpcs(() => ({ db, world }));
