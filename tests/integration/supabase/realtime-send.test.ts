// Hosted Realtime nudges (20260101001950) on PostgreSQL 15 with Supabase Realtime's own schema
// in place (tests/support/supabase/realtime.sql, in the shape of supabase/realtime's migrations):
// a push sends one broadcast `changes` per org per transaction on the private topic
// `org:<org_id>` through realtime.send, beside the pg_notify the local stand-in reads; nothing
// for a rolled-back transaction; and only the org's members may read that topic's messages, as
// Realtime checks a join (realtime.topic() set to the channel, a select as the user).
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { asCaller, fromPg, type Caller, type Db } from '../../support/db.ts';
import { bootstrapFile, migrationFiles, migrationsDir, repoRoot } from '../../support/migrations.ts';
import { startPostgres, type PostgresServer } from '../../support/postgres.ts';
import { seedWorld, type World } from './access-fixture.ts';

let server: PostgresServer;
let client: pg.Client;
let listener: pg.Client;
let db: Db;
let world: World;
const notified: { org_id: string; seq: number }[] = [];

beforeAll(async () => {
  server = await startPostgres();
  client = new pg.Client({ connectionString: server.url });
  await client.connect();
  db = fromPg(client);
  // What a hosted project has before its migrations: Supabase's own schemas, Realtime's included.
  await db.exec(readFileSync(bootstrapFile, 'utf8'));
  await db.exec(readFileSync(join(repoRoot, 'tests', 'support', 'supabase', 'realtime.sql'), 'utf8'));
  for (const file of migrationFiles()) await db.exec(`begin;\n${readFileSync(join(migrationsDir, file), 'utf8')}\ncommit;`);
  world = await seedWorld(db);
  listener = new pg.Client({ connectionString: server.url });
  await listener.connect();
  listener.on('notification', (message) => notified.push(JSON.parse(message.payload ?? '{}') as { org_id: string; seq: number }));
  await listener.query('listen complyflow_sync');
}, 120_000);

afterAll(async () => {
  await listener?.end();
  await client?.end();
  await server?.stop();
});

beforeEach(async () => {
  await db.exec('delete from realtime.messages');
  notified.length = 0;
});

interface Message {
  topic: string;
  event: string;
  extension: string;
  private: boolean;
  payload: { org_id: string; seq: number; id: string };
}
const messages = async () =>
  (await db.query<Message>(`select topic, event, extension, private, payload from realtime.messages order by inserted_at, topic`))
    .rows;

/** Notifications arrive on the listener's connection after the commit: wait for a count, bounded. */
async function notifications(n: number) {
  for (let i = 0; i < 200 && notified.length < n; i++) await new Promise((resolve) => setTimeout(resolve, 10));
  // One more round trip: anything sent by the same commits has arrived by now.
  await listener.query('select 1');
  return [...notified];
}

const user = (actor: keyof World['users']): Caller => ({ kind: 'user', id: world.users[actor] });
const policyInsert = (title: string) => ({
  id: randomUUID(),
  table: 'policies',
  record_id: randomUUID(),
  op: 'insert',
  patch: { title },
  base: {},
});

describe('a push on a project with Realtime', () => {
  it('sends one nudge per org per transaction on the org’s private topic, through realtime.send and pg_notify', async () => {
    const before = (await db.query<{ seq: string }>(`select coalesce(max(seq), 0)::text as seq from sync_changes`)).rows[0]!.seq;
    const mutations = [policyInsert('Access Control'), policyInsert('Backups'), policyInsert('Incident Response')];
    const answer = await asCaller(
      db,
      user('owner'),
      (as) =>
        as.query<{ a: { status: string; results: { status: string }[] } }>(`select public.push($1, $2::jsonb, 2) as a`, [
          world.orgA,
          JSON.stringify(mutations),
        ]),
      { commit: true },
    );
    expect(answer.rows[0]!.a.results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied']);
    const first = (
      await db.query<{ seq: string; n: string }>(
        `select min(seq)::text as seq, count(*)::text as n from sync_changes where seq > $1`,
        [before],
      )
    ).rows[0]!;
    expect(Number(first.n)).toBeGreaterThanOrEqual(3);

    const sent = await messages();
    expect(sent).toEqual([
      {
        topic: `org:${world.orgA}`,
        event: 'changes',
        extension: 'broadcast',
        private: true,
        payload: { org_id: world.orgA, seq: Number(first.seq), id: expect.any(String) },
      },
    ]);
    // The stand-in's NOTIFY is still sent, once, with the same nudge.
    expect(await notifications(1)).toEqual([{ org_id: world.orgA, seq: Number(first.seq) }]);
  });

  it('sends one nudge to each org a transaction wrote, and none for a rolled-back one', async () => {
    await db.exec('begin');
    for (const org of [world.orgA, world.orgB, world.orgA]) {
      await db.query(`insert into policies (id, org_id, title) values ($1, $2, 'Both orgs')`, [randomUUID(), org]);
    }
    await db.exec('commit');
    const sent = await messages();
    expect(sent.map((m) => m.topic).sort()).toEqual([`org:${world.orgA}`, `org:${world.orgB}`].sort());
    expect(sent.every((m) => m.event === 'changes' && m.private && m.payload.org_id === m.topic.slice(4))).toBe(true);
    expect((await notifications(2)).map((n) => n.org_id).sort()).toEqual([world.orgA, world.orgB].sort());

    await db.exec('delete from realtime.messages');
    notified.length = 0;
    await db.exec('begin');
    await db.query(`insert into policies (id, org_id, title) values ($1, $2, 'Never')`, [randomUUID(), world.orgA]);
    await db.exec('rollback');
    expect(await messages()).toEqual([]);
    expect(await notifications(0)).toEqual([]);
  });
});

describe('who may read an org’s topic', () => {
  /**
   * As Realtime authorizes a join: in a transaction, a broadcast message for the topic written
   * first, then realtime.topic() set to the channel and a select as the user; rolled back.
   */
  async function mayJoin(caller: Caller | { kind: 'anon' }, topic: string, messageTopic = topic): Promise<boolean> {
    const id = randomUUID();
    await db.exec('begin');
    try {
      await db.query(`insert into realtime.messages (id, topic, extension, private) values ($1, $2, 'broadcast', true)`, [
        id,
        messageTopic,
      ]);
      await db.query(
        `select set_config('role', $1, true), set_config('request.jwt.claims', $2, true), set_config('realtime.topic', $3, true)`,
        [
          caller.kind === 'anon' ? 'anon' : 'authenticated',
          JSON.stringify(
            caller.kind === 'anon' ? { role: 'anon' } : { sub: caller.id, role: 'authenticated', aud: 'authenticated' },
          ),
          topic,
        ],
      );
      const seen = await db.query(`select id from realtime.messages where topic = $1 and id = $2 and extension = 'broadcast'`, [
        messageTopic,
        id,
      ]);
      return seen.rowCount === 1;
    } finally {
      await db.exec('rollback');
    }
  }

  it('lets every member of the org read it, whatever their role', async () => {
    for (const role of ['owner', 'admin', 'compliance_officer', 'auditor', 'viewer'] as const) {
      expect(await mayJoin(user(role), `org:${world.orgA}`), role).toBe(true);
    }
  });

  it('refuses a non-member, anon, another org’s rows and a topic that names no org, without an error', async () => {
    expect(await mayJoin(user('outsider'), `org:${world.orgA}`)).toBe(false);
    expect(await mayJoin({ kind: 'anon' }, `org:${world.orgA}`)).toBe(false);
    // Authorized for their own topic, a member still reads nothing of another org's.
    expect(await mayJoin(user('outsider'), `org:${world.orgB}`, `org:${world.orgA}`)).toBe(false);
    expect(await mayJoin(user('outsider'), `org:${world.orgB}`)).toBe(true);
    for (const topic of ['org:not-a-uuid', `org:${world.orgA.toUpperCase()}`, `room:${world.orgA}`, `org:${world.orgA}x`, '']) {
      expect(await mayJoin(user('owner'), topic), topic).toBe(false);
    }
  });

  it('lets a member read the org’s nudges written by a push, and nobody else', async () => {
    await asCaller(
      db,
      user('compliance_officer'),
      (as) => as.query(`select public.push($1, $2::jsonb, 2)`, [world.orgA, JSON.stringify([policyInsert('Read me')])]),
      { commit: true },
    );
    const read = (caller: Caller, topic: string) =>
      asCaller(db, caller, async (as) => {
        await as.query(`select set_config('realtime.topic', $1, true)`, [topic]);
        return (await as.query(`select payload from realtime.messages`)).rowCount;
      });
    expect(await read(user('viewer'), `org:${world.orgA}`)).toBe(1);
    expect(await read(user('outsider'), `org:${world.orgA}`)).toBe(0);
    expect(await read(user('outsider'), `org:${world.orgB}`)).toBe(0);
  });
});
