// Who may sync under protocol 2 (issue 8, items 11 and 12, devices, second factor), on
// PostgreSQL 15 through the gateway and supabase-js: the ledger is written by push alone and
// keyed per user, old clients are told to update, both RPCs refuse a revoked or foreign
// device, an org that requires a second factor still says so, and a first pull estimates how
// much is coming.
import { randomUUID } from 'node:crypto';
import type { SupabaseClient } from '@supabase/supabase-js';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asCaller, fromPg, type Db } from '../../support/db.ts';
import { addMember, seedOrg, type SeededOrg } from '../../support/seed.ts';
import { startStack, type Stack } from '../../support/stack.ts';
import { insert, pull, push, PROTOCOL } from './sync-contract-client.ts';

let stack: Stack;
let org: SeededOrg;
let co: SupabaseClient;

beforeAll(async () => {
  stack = await startStack();
  org = await seedOrg(stack, 'Access Co');
  co = await stack.client(org.users.compliance_officer);
});

afterAll(async () => {
  await stack?.stop();
});

const publicKey = () => randomUUID().replaceAll('-', '').padEnd(43, 'A');

async function registerDevice(client: SupabaseClient, orgId = org.id): Promise<string> {
  const { data, error } = await client.rpc('register_device', { p_org_id: orgId, p_public_key: publicKey(), p_name: 'laptop' });
  if (error) throw new Error(error.message);
  return data as string;
}

// As PostgREST runs a table request: the API role with the caller's claims, in a transaction.
async function asMember<T>(userId: string, fn: (db: Db) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: stack.databaseUrl });
  await client.connect();
  try {
    return await asCaller(fromPg(client), { kind: 'user', id: userId }, fn);
  } finally {
    await client.end();
  }
}

describe('the mutation ledger (item 11)', () => {
  it('cannot be written by a member, a viewer or otherwise, as the API would; only push writes it', async () => {
    for (const userId of [org.users.viewer.id, org.users.compliance_officer.id, org.users.owner.id]) {
      await expect(
        asMember(userId, (db) =>
          db.query(`insert into public.sync_mutations (id, org_id, user_id) values ($1, $2, $3)`, [randomUUID(), org.id, userId]),
        ),
      ).rejects.toMatchObject({ code: '42501' });
    }
    const mine = insert('policies', randomUUID(), { title: 'Kept' });
    await push(co, org.id, [mine]);
    await expect(
      asMember(org.users.compliance_officer.id, (db) =>
        db.query(`update public.sync_mutations set answer = '{"status":"rejected","reason":"forbidden"}' where id = $1`, [
          mine.id,
        ]),
      ),
    ).rejects.toMatchObject({ code: '42501' });
    const stored = await stack.admin.query(`select answer from sync_mutations where id = $1`, [mine.id]);
    expect(stored.rows[0]!.answer).toMatchObject({ status: 'applied' });
    // A member still reads their own answers, and nobody else's.
    const seen = await asMember(org.users.compliance_officer.id, (db) =>
      db.query<{ id: string }>(`select id from public.sync_mutations where id = $1`, [mine.id]),
    );
    expect(seen.rows).toEqual([{ id: mine.id }]);
    const other = await asMember(org.users.viewer.id, (db) =>
      db.query(`select id from public.sync_mutations where id = $1`, [mine.id]),
    );
    expect(other.rows).toEqual([]);
  });

  it("keys mutation ids per user: one user's id never blocks another user's mutation with the same id", async () => {
    const admin = await stack.client(org.users.admin);
    const id = randomUUID();
    const mine = { ...insert('policies', randomUUID(), { title: 'Mine' }), id };
    const theirs = { ...insert('policies', randomUUID(), { title: 'Theirs' }), id };
    expect((await push(co, org.id, [mine])).results[0]!.status).toBe('applied');
    const answer = await push(admin, org.id, [theirs]);
    expect(answer.results[0]).toMatchObject({ id, status: 'applied', row: { id: theirs.record_id, title: 'Theirs' } });
    const ledger = await stack.admin.query<{ user_id: string }>(
      `select user_id from sync_mutations where id = $1 order by user_id`,
      [id],
    );
    expect(ledger.rows.map((r) => r.user_id)).toEqual([org.users.compliance_officer.id, org.users.admin.id].sort());
  });
});

describe('protocol versions (item 12)', () => {
  it('says which protocol the server speaks and the oldest it accepts', async () => {
    expect((await co.rpc('sync_info')).data).toEqual({ server_schema_version: PROTOCOL, min_client_schema_version: PROTOCOL });
  });

  it.each([
    ['protocol 1', 1],
    ['no protocol version', null],
  ])('tells a client that sends %s to update, from push and pull, and changes nothing', async (_, version) => {
    const policy = randomUUID();
    const pushed = await push(co, org.id, [insert('policies', policy, { title: 'Old app' })], { p_schema_version: version });
    expect(pushed).toMatchObject({ status: 'update_required', min_client_schema_version: PROTOCOL });
    expect(pushed.message).toMatch(/^update required/);
    const pulled = await pull(co, org.id, { p_schema_version: version });
    expect(pulled).toMatchObject({ status: 'update_required', min_client_schema_version: PROTOCOL });
    expect((await stack.admin.query(`select 1 from policies where id = $1`, [policy])).rowCount).toBe(0);
  });
});

describe('devices', () => {
  it('syncs with the caller’s own enrolled device, and refuses a revoked one, another user’s and another org’s, in push and pull', async () => {
    const mine = await registerDevice(co);
    const admin = await stack.client(org.users.admin);
    const someoneElses = await registerDevice(admin);
    const other = await seedOrg(stack, 'Elsewhere Co');
    await addMember(stack, other.id, org.users.compliance_officer, 'viewer');
    const otherOrgs = await registerDevice(co, other.id);

    expect(await push(co, org.id, [], { p_device_id: mine })).toMatchObject({ status: 'ok' });
    expect(await pull(co, org.id, { p_device_id: mine })).toMatchObject({ status: 'ok' });
    for (const device of [someoneElses, otherOrgs, randomUUID()]) {
      expect(await push(co, org.id, [], { p_device_id: device })).toMatchObject({ status: 'device_revoked' });
      expect(await pull(co, org.id, { p_device_id: device })).toMatchObject({ status: 'device_revoked' });
    }

    await stack.admin.query(`update devices set revoked_at = now() where id = $1`, [mine]);
    const policy = randomUUID();
    const refused = await push(co, org.id, [insert('policies', policy, { title: 'From a stolen laptop' })], {
      p_device_id: mine,
    });
    expect(refused).toMatchObject({ status: 'device_revoked' });
    expect(refused.message).toMatch(/revoked/);
    expect(await pull(co, org.id, { p_device_id: mine })).toMatchObject({ status: 'device_revoked' });
    expect((await stack.admin.query(`select 1 from policies where id = $1`, [policy])).rowCount).toBe(0);
    // Without a device (a client that has not enrolled one yet) sync goes on.
    expect(await pull(co, org.id)).toMatchObject({ status: 'ok' });
  });
});

describe('an org that requires a second factor', () => {
  it('answers mfa_required, not purge, from push and pull to a member at aal1, and writes nothing', async () => {
    const strict = await seedOrg(stack, 'Strict Co', { requireMfa: true });
    const member = await stack.client(strict.users.compliance_officer);
    const policy = randomUUID();
    expect(await push(member, strict.id, [insert('policies', policy, { title: 'x' })])).toMatchObject({ status: 'mfa_required' });
    expect(await pull(member, strict.id)).toMatchObject({ status: 'mfa_required' });
    expect((await stack.admin.query(`select 1 from policies where id = $1`, [policy])).rowCount).toBe(0);
  });
});

describe('first-sync progress', () => {
  it('estimates on the first page how many changes are coming, and only there', async () => {
    const fresh = await seedOrg(stack, 'Progress Co');
    const writer = await stack.client(fresh.users.compliance_officer);
    const mutations = Array.from({ length: 7 }, (_, i) => insert('policies', randomUUID(), { title: `Policy ${i}` }));
    await push(writer, fresh.id, mutations);
    const total = Number(
      (await stack.admin.query<{ n: string }>(`select count(*)::text as n from sync_changes where org_id = $1`, [fresh.id]))
        .rows[0]!.n,
    );
    expect(total).toBe(7);

    const first = await pull(writer, fresh.id, { p_limit: 3 });
    expect(first).toMatchObject({ status: 'ok', has_more: true, estimated_total: total });
    const next = await pull(writer, fresh.id, { p_cursor: first.cursor, p_limit: 3 });
    expect(next.estimated_total).toBeUndefined();
    const whole = await pull(writer, fresh.id, { p_limit: 5000 });
    expect(whole).toMatchObject({ has_more: false, estimated_total: total });
    expect(whole.changes).toHaveLength(total);
  });
});

describe('the page reader behind pull', () => {
  // pull reads its page through a security-definer helper (no RLS per row), so the helper
  // itself must answer only a member of the org, whoever calls it directly in SQL.
  const page = (userId: string) =>
    asMember(userId, async (db) => {
      const { rows } = await db.query<{ changes: unknown[]; seen: number }>(
        `select changes, seen from private.pull_page($1, '0'::xid8, 0, pg_snapshot_xmin(pg_current_snapshot()), 100)`,
        [org.id],
      );
      return rows[0]!;
    });

  it('hands a member the org’s changes and anyone else an empty page', async () => {
    await push(co, org.id, [insert('policies', randomUUID(), { title: 'Read by the page reader' })]);
    const member = await page(org.users.viewer.id);
    expect(member.seen).toBeGreaterThan(0);
    expect(member.changes.length).toBe(Math.min(member.seen, 100));
    const other = await seedOrg(stack, 'Elsewhere Co');
    expect(await page(other.users.owner.id)).toEqual({ changes: [], seen: 0 });
  });
});
