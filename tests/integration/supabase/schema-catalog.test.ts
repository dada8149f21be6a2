// The catalog rules hold for the migrations as written, and the check itself catches each
// kind of slip (proved by making the slip inside a rolled-back transaction).
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromPg, type Db } from '../../support/db.ts';
import { applyMigrations } from '../../support/migrations.ts';
import { startPostgres, type PostgresServer } from '../../support/postgres.ts';
import { EXPECTED } from './access-fixture.ts';
import { catalogProblems, publicTables } from './catalog.ts';

let server: PostgresServer;
let client: pg.Client;
let db: Db;

beforeAll(async () => {
  server = await startPostgres();
  client = new pg.Client({ connectionString: server.url });
  await client.connect();
  db = fromPg(client);
  await applyMigrations(db);
});

afterAll(async () => {
  await client?.end();
  await server?.stop();
});

async function problemsAfter(slip: string): Promise<string[]> {
  await db.exec('begin');
  try {
    await db.exec(slip);
    return await catalogProblems(db);
  } finally {
    await db.exec('rollback');
  }
}

describe('catalog rules', () => {
  it('every table in public has RLS and policies, every definer function a pinned search_path, no view bypasses RLS', async () => {
    expect(await catalogProblems(db)).toEqual([]);
  });

  it('every table in public is covered by the access matrix', async () => {
    expect(await publicTables(db)).toEqual(Object.keys(EXPECTED).sort());
  });

  it('catches a table without row-level security', async () => {
    expect(await problemsAfter('create table public.loose (id int)')).toEqual([
      'table public.loose has row-level security off',
      'table public.loose has no policies',
    ]);
  });

  it('catches a table with RLS on but no policy', async () => {
    expect(await problemsAfter('create table public.shut (id int); alter table public.shut enable row level security')).toEqual([
      'table public.shut has no policies',
    ]);
  });

  it('catches a security definer function without a pinned search_path', async () => {
    expect(
      await problemsAfter('create function private.leaky() returns int language sql security definer as $$ select 1 $$'),
    ).toEqual(['security definer function private.leaky() has no pinned search_path']);
  });

  it("catches a view that runs with its owner's rights, and accepts one with security_invoker", async () => {
    expect(await problemsAfter('create view public.all_policies as select * from public.policies')).toEqual([
      'view public.all_policies does not run as the caller (security_invoker)',
    ]);
    expect(
      await problemsAfter('create view public.my_policies with (security_invoker = true) as select * from public.policies'),
    ).toEqual([]);
  });
});
