// An organization that requires a second factor, on real PostgreSQL 15: at aal1 (or with no aal
// claim) every member of it is a stranger to every table, storage object and RPC of that org,
// at aal2 the access matrix is exactly as before, the same user's other orgs are unaffected,
// and set_org_require_mfa enforces who may turn it on and that they have verified a code.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asCaller, fromPg, type Db } from '../../support/db.ts';
import { applyMigrations } from '../../support/migrations.ts';
import { startPostgres, type PostgresServer } from '../../support/postgres.ts';
import { ROLES, assertCell, callerOf, cells, seedWorld, type Aal, type Actor, type World } from './access-fixture.ts';

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
  await db.query(`update organizations set require_mfa = true where id = $1`, [world.orgA]);
  await db.query(`insert into storage.objects (bucket_id, name) values ('evidence-files', $1)`, [`${world.orgA}/fixture`]);
  // An auditor uploads the file of evidence captured in their open audit (20260101001700).
  await db.query(`insert into evidence (id, org_id, title, sha256, audit_id) values (gen_random_uuid(), $1, 'Scan', $2, $3)`, [
    world.orgA,
    'c'.repeat(64),
    world.ids.audit,
  ]);
});

afterAll(async () => {
  await client?.end();
  await server?.stop();
});

/** Runs sql as the actor at that level; answers the rows, or the error's code and message. */
async function as(actor: Actor, aal: Aal, sql: string, params: unknown[] = []) {
  try {
    return { rows: await asCaller(db, callerOf(world, actor, aal), async (tx) => (await tx.query(sql, params)).rows) };
  } catch (error) {
    const e = error as { code?: string; message?: string };
    if (!e.code) throw error;
    return { code: e.code, message: e.message };
  }
}

describe('at aal1 every member of org A is a stranger', () => {
  for (const cell of cells()) {
    it(`${cell.table}: ${cell.actor} ${cell.op} is refused`, async () => {
      await assertCell(db, world, { ...cell, allowed: false }, 'aal1');
    });
  }
});

describe('at aal2 the access matrix is as before', () => {
  for (const cell of cells()) {
    it(`${cell.table}: ${cell.actor} ${cell.op} is ${cell.allowed ? 'allowed' : 'refused'}`, async () => {
      await assertCell(db, world, cell, 'aal2');
    });
  }
});

describe('membership helpers and RPCs', () => {
  it('treat a token without an aal claim like aal1', async () => {
    expect(await as('owner', undefined, `select private.org_role($1) as role`, [world.orgA])).toEqual({ rows: [{ role: null }] });
    expect(await as('owner', 'aal2', `select private.org_role($1) as role`, [world.orgA])).toEqual({ rows: [{ role: 'owner' }] });
  });

  it("leave the same user's org without the requirement alone at aal1", async () => {
    // A's owner is an admin of B, which does not require a second factor.
    expect(await as('owner', 'aal1', `select private.org_role($1) as role`, [world.orgB])).toEqual({ rows: [{ role: 'admin' }] });
    const renamed = await as('owner', 'aal1', `update organizations set name = 'Org B (renamed)' where id = $1 returning id`, [
      world.orgB,
    ]);
    expect(renamed).toEqual({ rows: [{ id: world.orgB }] });
    expect(await as('outsider', 'aal1', `select id from organizations`)).toEqual({ rows: [{ id: world.orgB }] });
  });

  it('storage objects of org A: hidden and not writable at aal1, as before at aal2', async () => {
    const read = `select name from storage.objects where bucket_id = 'evidence-files' and name = $1`;
    expect(await as('viewer', 'aal1', read, [`${world.orgA}/fixture`])).toEqual({ rows: [] });
    expect(await as('viewer', 'aal2', read, [`${world.orgA}/fixture`])).toEqual({ rows: [{ name: `${world.orgA}/fixture` }] });
    // The auditor uploads evidence only through an open audit assignment, and only at aal2.
    const upload = `insert into storage.objects (bucket_id, name) values ('evidence-files', $1) returning name`;
    expect(await as('auditor', 'aal1', upload, [`${world.orgA}/${'c'.repeat(64)}`])).toMatchObject({ code: '42501' });
    expect(await as('auditor', 'aal2', upload, [`${world.orgA}/${'c'.repeat(64)}`])).toEqual({
      rows: [{ name: `${world.orgA}/${'c'.repeat(64)}` }],
    });
  });

  it('pull and push tell a member at aal1 to verify a code (not to purge); a stranger is still told to purge', async () => {
    for (const role of ROLES) {
      const pull = await as(role, 'aal1', `select pull($1, null, 10, 2) as r`, [world.orgA]);
      expect(pull.rows?.[0]?.r).toMatchObject({ status: 'mfa_required' });
      const push = await as(role, 'aal1', `select push($1, '[]'::jsonb, 2) as r`, [world.orgA]);
      expect(push.rows?.[0]?.r).toMatchObject({ status: 'mfa_required' });
      const atAal2 = await as(role, 'aal2', `select pull($1, null, 10, 2) as r`, [world.orgA]);
      expect(atAal2.rows?.[0]?.r).toMatchObject({ status: 'ok', role });
    }
    const stranger = await as('outsider', 'aal2', `select pull($1, null, 10, 2) as r`, [world.orgA]);
    expect(stranger.rows?.[0]?.r).toMatchObject({ status: 'purge' });
  });

  it('my_memberships still names org A at aal1, saying it requires a second factor', async () => {
    const { rows } = await as('viewer', 'aal1', `select my_memberships() as m`);
    expect(rows?.[0]?.m).toEqual([
      {
        org_id: world.orgA,
        org_name: 'Org A',
        role: 'viewer',
        require_mfa: true,
        display_name: null,
        allow_self_approval: false,
      },
    ]);
  });

  it('org_members and set_my_display_name refuse a member at aal1 as a non-member', async () => {
    expect(await as('viewer', 'aal1', `select org_members($1)`, [world.orgA])).toEqual({
      code: '42501',
      message: 'not a member of this organization',
    });
    expect(await as('viewer', 'aal1', `select set_my_display_name($1, 'Vera')`, [world.orgA])).toEqual({
      code: '42501',
      message: 'not a member of this organization',
    });
    const members = await as('viewer', 'aal2', `select jsonb_array_length(org_members($1)) as n`, [world.orgA]);
    expect(members).toEqual({ rows: [{ n: 5 }] });
  });
});

describe('set_org_require_mfa', () => {
  const set = (actor: Actor, aal: Aal, org: string, required: boolean | null) =>
    as(actor, aal, `select set_org_require_mfa($1, $2) as r`, [org, required]);
  const requireMfaOf = async (org: string) =>
    (await db.query<{ r: boolean }>(`select require_mfa as r from organizations where id = $1`, [org])).rows[0]!.r;

  it('lets an owner or admin at aal2 turn it on, and answers the new setting', async () => {
    expect(await set('outsider', 'aal2', world.orgB, true)).toEqual({ rows: [{ r: true }] }); // B's owner
    expect(await set('owner', 'aal2', world.orgB, true)).toEqual({ rows: [{ r: true }] }); // B's admin
    expect(await set('admin', 'aal2', world.orgA, false)).toEqual({ rows: [{ r: false }] });
    expect(await requireMfaOf(world.orgB)).toBe(false); // each call above ran in a rolled-back transaction
  });

  it('refuses to turn it on from an aal1 session, through the RPC or a plain update, so nobody locks themselves out', async () => {
    const refusal = await set('outsider', 'aal1', world.orgB, true);
    expect(refusal).toMatchObject({ code: '42501' });
    expect(refusal.message).toMatch(/aal2/);
    const direct = await as('outsider', 'aal1', `update organizations set require_mfa = true where id = $1`, [world.orgB]);
    expect(direct).toMatchObject({ code: '42501' });
    expect(direct.message).toMatch(/aal2/);
    expect(await requireMfaOf(world.orgB)).toBe(false);
  });

  it('refuses everyone but owner and admin, and a stranger, with the same words', async () => {
    for (const actor of ['compliance_officer', 'auditor', 'viewer', 'outsider'] as const) {
      expect(await set(actor, 'aal2', world.orgA, false)).toEqual({
        code: '42501',
        message: 'only an owner or admin of this organization can change whether it requires a second factor',
      });
    }
    // At aal1 an admin of A is no member of A any more: they cannot turn it off either.
    expect(await set('admin', 'aal1', world.orgA, false)).toMatchObject({ code: '42501' });
    expect(await set('anon', undefined, world.orgA, false)).toMatchObject({ code: '42501' });
    expect(await requireMfaOf(world.orgA)).toBe(true);
  });

  it('refuses a missing setting with a clear error', async () => {
    expect(await set('owner', 'aal2', world.orgA, null)).toEqual({
      code: '22023',
      message: 'p_org_id and p_required (true or false) are both required',
    });
  });
});
