// Realtime nudges end to end: real PostgreSQL 15 with the migrations (the NOTIFY trigger on the
// change log), the gateway's Realtime stand-in, and the unmodified supabase-js / realtime-js
// inside the core's subscribeNudges. A member is nudged after a push and after a plain write;
// a stranger's join is refused in Realtime's words; org A never hears of org B; Realtime going
// down turns the subscription not-live and coming back makes it live again by itself; a channel
// the server closes is joined afresh with the session's token.
import { randomUUID } from 'node:crypto';
import type { SupabaseClient } from '@supabase/supabase-js';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkProject } from '../../../src-main/core/auth/project';
import { createSupabase } from '../../../src-main/core/auth/supabase-client';
import { createVault, memoryBackend } from '../../../src-main/core/secrets/vault';
import { subscribeNudges, type Nudge } from '../../../src-main/core/sync/realtime/nudges';
import { JwtKeys } from '../../support/gateway/jwt.ts';
import { seedOrg, type SeededOrg } from '../../support/seed.ts';
import { startStack, type Stack } from '../../support/stack.ts';
import { waitFor } from './raw-socket.ts';

let stack: Stack;
let orgA: SeededOrg;
let orgB: SeededOrg;
const clients: SupabaseClient[] = [];

beforeAll(async () => {
  stack = await startStack();
  orgA = await seedOrg(stack, 'Nudge A');
  orgB = await seedOrg(stack, 'Nudge B');
});

afterAll(async () => {
  for (const client of clients) await client.removeAllChannels().catch(() => undefined);
  await stack?.stop();
});

async function signedIn(user: { email: string; password: string }): Promise<SupabaseClient> {
  const client = await stack.client(user);
  clients.push(client);
  return client;
}

/** A framework written as the table owner: one change-log entry, one committed transaction. */
async function writeFramework(orgId: string): Promise<number> {
  const id = randomUUID();
  await stack.admin.query(`insert into public.frameworks (id, org_id, title) values ($1, $2, 'Nudged')`, [id, orgId]);
  const { rows } = await stack.admin.query<{ seq: string }>(`select seq from public.sync_changes where record_id = $1`, [id]);
  return Number(rows[0].seq);
}

function watch(client: SupabaseClient, orgId: string) {
  const nudges: Nudge[] = [];
  const live: boolean[] = [];
  const subscription = subscribeNudges({
    client,
    orgId,
    onNudge: (nudge) => nudges.push(nudge),
    onLive: (value) => live.push(value),
  });
  return { nudges, live, subscription, isLive: () => live.at(-1) === true };
}

describe('a member', () => {
  it('is nudged after a push through the RPC, with the seq of the change', async () => {
    const client = await signedIn(orgA.users.compliance_officer);
    const w = watch(client, orgA.id);
    await waitFor(w.isLive, 'the subscription going live');

    const { data: info } = await client.rpc('sync_info');
    const version = (info as { min_client_schema_version: number }).min_client_schema_version;
    const recordId = randomUUID();
    const { data, error } = await client.rpc('push', {
      p_org_id: orgA.id,
      p_mutations: [
        { id: randomUUID(), table: 'frameworks', record_id: recordId, op: 'insert', patch: { title: 'Pushed' }, base: {} },
      ],
      p_schema_version: version,
    });
    expect(error).toBeNull();
    expect((data as { results: { status: string }[] }).results[0].status).toBe('applied');
    const { rows } = await stack.admin.query<{ seq: string }>(`select seq from public.sync_changes where record_id = $1`, [
      recordId,
    ]);

    const nudge = await waitFor(() => w.nudges.find((n) => n.seq === Number(rows[0].seq)), 'the nudge for the push');
    expect(nudge).toEqual({ orgId: orgA.id, seq: Number(rows[0].seq) });
    await w.subscription.close();
    // Its channel was the last one: the socket is hung up, not left to linger.
    expect(client.realtime.isConnected()).toBe(false);
  });

  it('of org A hears nothing of org B', async () => {
    const client = await signedIn(orgA.users.viewer);
    const w = watch(client, orgA.id);
    await waitFor(w.isLive, 'the subscription going live');

    await writeFramework(orgB.id);
    // Notifications leave Postgres in commit order on one connection: once A's later change is
    // here, B's earlier one would have arrived before it had it been sent to this socket.
    const seqA = await writeFramework(orgA.id);
    await waitFor(() => w.nudges.find((n) => n.seq >= seqA), "org A's nudge");
    expect(w.nudges.every((n) => n.orgId === orgA.id)).toBe(true);

    // Nor can they listen to B by asking for it.
    const intruder = watch(client, orgB.id);
    await writeFramework(orgB.id);
    const seqA2 = await writeFramework(orgA.id);
    await waitFor(() => w.nudges.find((n) => n.seq >= seqA2), "org A's second nudge");
    expect(intruder.nudges).toEqual([]);
    expect(intruder.isLive()).toBe(false);
    await intruder.subscription.close();
    await w.subscription.close();
  });
});

describe("the core's own client", () => {
  it('(createSupabase: session in the SecretStore, ws as transport on Node 20) is nudged', async () => {
    const client = createSupabase(checkProject(stack.supabaseUrl, stack.anonKey), createVault(memoryBackend()));
    clients.push(client);
    try {
      expect((await client.auth.signInWithPassword(orgA.users.auditor)).error).toBeNull();
      const w = watch(client, orgA.id);
      await waitFor(w.isLive, 'the subscription going live');
      const seq = await writeFramework(orgA.id);
      await waitFor(() => w.nudges.find((n) => n.seq === seq), 'the nudge');
      await w.subscription.close();
    } finally {
      await client.auth.stopAutoRefresh();
    }
  });
});

describe('a token refresh', () => {
  it('reaches Realtime, and the channel goes on delivering', async () => {
    const client = await signedIn(orgA.users.owner);
    const w = watch(client, orgA.id);
    await waitFor(w.isLive, 'the subscription going live');
    const before = client.realtime.accessTokenValue;
    // Tokens carry whole seconds: one issued in the same second would be the same string.
    await new Promise((resolve) => setTimeout(resolve, 1100));

    const { data, error } = await client.auth.refreshSession();
    expect(error).toBeNull();
    const refreshed = data.session!.access_token;
    expect(refreshed).not.toBe(before);
    await waitFor(() => client.realtime.accessTokenValue === refreshed, 'Realtime holding the refreshed token');

    const seq = await writeFramework(orgA.id);
    await waitFor(() => w.nudges.find((n) => n.seq === seq), 'a nudge after the refresh');
    expect(w.live).toEqual([true]);
    await w.subscription.close();
  });
});

describe('a stranger', () => {
  it("is refused the join with Realtime's Unauthorized error, and never goes live", async () => {
    const stranger = await signedIn(orgB.users.owner);
    const statuses: { status: string; message?: string }[] = [];
    stranger.realtime.setAuth((await stranger.auth.getSession()).data.session!.access_token);
    const channel = stranger.channel(`org:${orgA.id}`, { config: { private: true } });
    channel.subscribe((status, error) => statuses.push({ status, message: error?.message }));
    const refused = await waitFor(() => statuses.find((s) => s.status === 'CHANNEL_ERROR'), 'the refusal');
    expect(refused.message).toBe(`Unauthorized: You do not have permissions to read from this Channel topic: org:${orgA.id}`);
    await stranger.removeChannel(channel);

    const w = watch(stranger, orgA.id);
    await writeFramework(orgA.id);
    await waitFor(() => w.live.includes(false), 'the subscription reporting not live');
    expect(w.live).not.toContain(true);
    expect(w.nudges).toEqual([]);
    await w.subscription.close();
  });

  it('with the anon key alone (signed out) is refused too', async () => {
    const anon = await stack.client();
    clients.push(anon);
    const statuses: { status: string; message?: string }[] = [];
    anon.channel(`org:${orgA.id}`, { config: { private: true } }).subscribe((status, error) => {
      statuses.push({ status, message: error?.message });
    });
    const refused = await waitFor(() => statuses.find((s) => s.status === 'CHANNEL_ERROR'), 'the refusal');
    expect(refused.message).toMatch(/^Unauthorized: /);
  });
});

describe('the change log', () => {
  it('sends one notification per org for a 5,000-row transaction, none for a rolled-back one', async () => {
    const listener = new pg.Client({ connectionString: stack.databaseUrl });
    await listener.connect();
    const heard: { org_id: string; seq: number }[] = [];
    listener.on('notification', (m) => m.channel === 'complyflow_sync' && heard.push(JSON.parse(m.payload!)));
    await listener.query('listen complyflow_sync');
    try {
      const db = await stack.admin.connect();
      try {
        await db.query('begin');
        await db.query(
          `insert into public.frameworks (id, org_id, title) select gen_random_uuid(), $1, 'bulk ' || i from generate_series(1, 5000) i`,
          [orgA.id],
        );
        await db.query(`insert into public.frameworks (id, org_id, title) values (gen_random_uuid(), $1, 'B too')`, [orgB.id]);
        await db.query('commit');
        await db.query('begin');
        await db.query(`insert into public.frameworks (id, org_id, title) values (gen_random_uuid(), $1, 'undone')`, [orgA.id]);
        await db.query('rollback');
      } finally {
        db.release();
      }
      const { rows } = await stack.admin.query<{ org_id: string; first: string; n: string }>(
        `select org_id, min(seq) as first, count(*) as n from public.sync_changes
          where txid = (select txid from public.sync_changes where row->>'title' = 'bulk 1') group by org_id`,
      );
      const bulk = rows.find((r) => r.org_id === orgA.id)!;
      expect(Number(bulk.n)).toBe(5000);
      const marker = await writeFramework(orgB.id);
      await waitFor(() => heard.find((n) => n.seq === marker), 'the marker notification');

      const sinceBulk = heard.filter((n) => n.seq >= Number(bulk.first));
      expect(sinceBulk).toEqual([
        { org_id: orgA.id, seq: Number(bulk.first) },
        { org_id: orgB.id, seq: Number(rows.find((r) => r.org_id === orgB.id)!.first) },
        { org_id: orgB.id, seq: marker },
      ]);
    } finally {
      await listener.end();
    }
  });
});

describe('a savepoint rolled back after its nudge', () => {
  it('takes the nudge with it, and the next write in the transaction nudges instead', async () => {
    const listener = new pg.Client({ connectionString: stack.databaseUrl });
    await listener.connect();
    const heard: { org_id: string; seq: number }[] = [];
    listener.on('notification', (m) => m.channel === 'complyflow_sync' && heard.push(JSON.parse(m.payload!)));
    await listener.query('listen complyflow_sync');
    try {
      const db = await stack.admin.connect();
      const kept = randomUUID();
      try {
        await db.query('begin');
        await db.query('savepoint undone');
        await db.query(`insert into public.frameworks (id, org_id, title) values (gen_random_uuid(), $1, 'undone')`, [orgA.id]);
        await db.query('rollback to savepoint undone');
        await db.query(`insert into public.frameworks (id, org_id, title) values ($1, $2, 'kept')`, [kept, orgA.id]);
        await db.query('commit');
      } finally {
        db.release();
      }
      const { rows } = await stack.admin.query<{ seq: string }>(`select seq from public.sync_changes where record_id = $1`, [
        kept,
      ]);
      const marker = await writeFramework(orgB.id);
      await waitFor(() => heard.find((n) => n.seq === marker), 'the marker notification');
      expect(heard.filter((n) => n.org_id === orgA.id)).toEqual([{ org_id: orgA.id, seq: Number(rows[0].seq) }]);
    } finally {
      await listener.end();
    }
  });
});

describe('a push of 1,000 mutations', () => {
  it('(each in its own savepoint, one of them refused) sends one notification', async () => {
    const listener = new pg.Client({ connectionString: stack.databaseUrl });
    await listener.connect();
    const heard: { org_id: string; seq: number }[] = [];
    listener.on('notification', (m) => m.channel === 'complyflow_sync' && heard.push(JSON.parse(m.payload!)));
    await listener.query('listen complyflow_sync');
    try {
      const client = await signedIn(orgB.users.compliance_officer);
      const { data: info } = await client.rpc('sync_info');
      const mutations = Array.from({ length: 1000 }, (_, i) => ({
        id: randomUUID(),
        table: i === 500 ? 'no_such_table' : 'frameworks',
        record_id: randomUUID(),
        op: 'insert',
        patch: { title: `Batch ${i}` },
        base: {},
      }));
      const { data, error } = await client.rpc('push', {
        p_org_id: orgB.id,
        p_mutations: mutations,
        p_schema_version: (info as { min_client_schema_version: number }).min_client_schema_version,
      });
      expect(error).toBeNull();
      const statuses = (data as { results: { status: string }[] }).results.map((r) => r.status);
      expect(statuses.filter((st) => st === 'applied')).toHaveLength(999);
      expect(statuses[500]).toBe('rejected');
      const { rows } = await stack.admin.query<{ first: string }>(
        `select min(seq) as first from public.sync_changes where record_id = any($1::uuid[])`,
        [mutations.map((m) => m.record_id)],
      );
      const marker = await writeFramework(orgA.id);
      await waitFor(() => heard.find((n) => n.seq === marker), 'the marker notification');
      expect(heard.filter((n) => n.org_id === orgB.id && n.seq >= Number(rows[0].first))).toEqual([
        { org_id: orgB.id, seq: Number(rows[0].first) },
      ]);
    } finally {
      await listener.end();
    }
  });
});

describe('when Realtime goes away', () => {
  it('reports not live, and live again once it is back, with nudges flowing again', async () => {
    const client = await signedIn(orgA.users.auditor);
    const w = watch(client, orgA.id);
    await waitFor(w.isLive, 'the subscription going live');

    stack.gateway.realtimeDown();
    await waitFor(() => w.live.at(-1) === false, 'the subscription reporting not live');
    stack.gateway.realtimeUp();
    await waitFor(w.isLive, 'the subscription rejoining', 30_000);
    expect(w.live).toEqual([true, false, true]);

    const seq = await writeFramework(orgA.id);
    await waitFor(() => w.nudges.find((n) => n.seq === seq), 'a nudge after the rejoin');
    await w.subscription.close();
  });

  it('starts not live when Realtime is already down, and goes live once it comes up', async () => {
    const client = await signedIn(orgB.users.compliance_officer);
    stack.gateway.realtimeDown();
    try {
      const w = watch(client, orgB.id);
      await waitFor(() => w.live.at(-1) === false, 'the subscription reporting not live');
      stack.gateway.realtimeUp();
      await waitFor(w.isLive, 'the subscription joining', 30_000);
      expect(w.live).toEqual([false, true]);
      const seq = await writeFramework(orgB.id);
      await waitFor(() => w.nudges.find((n) => n.seq === seq), 'a nudge');
      await w.subscription.close();
    } finally {
      stack.gateway.realtimeUp();
    }
  });

  it('joins afresh with the session token when the server closes the channel', async () => {
    const client = await signedIn(orgA.users.admin);
    const w = watch(client, orgA.id);
    await waitFor(w.isLive, 'the subscription going live');

    // A token Realtime refuses on refresh makes it shut the channel (system error, phx_close).
    const forged = await new JwtKeys('not-the-project-secret').sign({ role: 'authenticated', sub: orgA.users.admin.id }, 3600);
    await client.realtime.setAuth(forged);
    await waitFor(() => w.live.at(-1) === false, 'the channel closing');
    await waitFor(w.isLive, 'the subscription joining again', 30_000);

    const seq = await writeFramework(orgA.id);
    await waitFor(() => w.nudges.find((n) => n.seq === seq), 'a nudge on the new channel');
    await w.subscription.close();
  });
});

describe('when the stand-in loses its LISTEN connection', () => {
  it('nudges every joined org once it is back, so a change committed in between is not missed', async () => {
    const client = await signedIn(orgB.users.viewer);
    const w = watch(client, orgB.id);
    await waitFor(w.isLive, 'the subscription going live');

    // Cut the listener's session (as a Postgres restart would) and commit while it is away.
    const { rows } = await stack.admin.query<{ ended: boolean }>(
      `select pg_terminate_backend(pid) as ended from pg_stat_activity where query ilike 'listen complyflow_sync%'`,
    );
    expect(rows.map((r) => r.ended)).toEqual([true]);
    const seq = await writeFramework(orgB.id);
    await waitFor(() => w.nudges.find((n) => n.seq >= seq), 'a nudge covering the change');
    expect(w.live).toEqual([true]);
    await w.subscription.close();
  });
});
