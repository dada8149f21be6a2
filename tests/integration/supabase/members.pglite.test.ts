// The member RPCs over every caller, in-process on PGlite (members-fixture.ts).
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll } from 'vitest';
import { fromPglite, type Db } from '../../support/db.ts';
import { applyMigrations } from '../../support/migrations.ts';
import { seedWorld, type World } from './access-fixture.ts';
import { describeMemberRpcs } from './members-fixture.ts';

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

describeMemberRpcs(() => ({ db, world }));
