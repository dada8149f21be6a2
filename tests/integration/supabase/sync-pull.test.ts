// Pull under concurrent writers: 8 connections write records in transactions that take their
// transaction id early and commit late, in random order, while one device pulls through
// supabase-js the whole time. Every change must arrive exactly once. With a device named, pull
// leaves out exactly what that device's own pushes were answered, and nothing else.
import { randomUUID } from 'node:crypto';
import type { SupabaseClient } from '@supabase/supabase-js';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asCaller, fromPg } from '../../support/db.ts';
import { seedOrg, type SeededOrg } from '../../support/seed.ts';
import { startStack, type Stack } from '../../support/stack.ts';
import { insert, push, update, type Answer } from './sync-contract-client.ts';

const WRITERS = 8;
const TRANSACTIONS_PER_WRITER = 25;
const PAGE = 40;

interface Change {
  table: string;
  id: string;
  op: string;
  row_version: number;
  row: Record<string, unknown>;
}
interface PullAnswer {
  status: string;
  changes: Change[];
  cursor: string;
  has_more: boolean;
}

let stack: Stack;
let org: SeededOrg;
let reader: SupabaseClient;

beforeAll(async () => {
  stack = await startStack();
  org = await seedOrg(stack, 'Concurrent Co');
  reader = await stack.client(org.users.viewer);
});

afterAll(async () => {
  await stack?.stop();
});

let tombstoneWrites = 0;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function pull(cursor: string | null, as: { client: SupabaseClient; deviceId?: string } = { client: reader }) {
  const { data, error } = await as.client.rpc('pull', {
    p_org_id: org.id,
    p_cursor: cursor,
    p_limit: PAGE,
    p_schema_version: 2,
    ...(as.deviceId ? { p_device_id: as.deviceId } : {}),
  });
  if (error) throw error;
  return data as PullAnswer;
}

async function writer(index: number, frameworkId: string): Promise<void> {
  const client = new pg.Client({ connectionString: stack.databaseUrl });
  await client.connect();
  const db = fromPg(client);
  const mine: string[] = [];
  try {
    for (let t = 0; t < TRANSACTIONS_PER_WRITER; t++) {
      await asCaller(
        db,
        { kind: 'user', id: org.users.compliance_officer.id },
        async (tx) => {
          // The first write takes the transaction id; the random pause makes transactions
          // commit in a different order than their ids (and their change-log seqs) were taken.
          const id = randomUUID();
          await tx.query(`insert into controls (id, org_id, framework_id, control_key, title) values ($1, $2, $3, $4, 'new')`, [
            id,
            org.id,
            frameworkId,
            `w${index}-${t}`,
          ]);
          mine.push(id);
          await sleep(Math.random() * 25);
          const other = mine[Math.floor(Math.random() * mine.length)]!;
          await tx.query(`update controls set notes = $2 where id = $1`, [other, `writer ${index} tx ${t}`]);
          if (Math.random() < 0.2) {
            await tx.query(`update controls set deleted_at = now() where id = $1`, [other]);
            tombstoneWrites++;
          }
          await sleep(Math.random() * 10);
        },
        { commit: true },
      );
    }
  } finally {
    await client.end();
  }
}

describe('pull with concurrent writers', () => {
  it('delivers every change exactly once, including tombstones, to a reader pulling throughout', async () => {
    const frameworkId = randomUUID();
    await stack.admin.query(`insert into frameworks (id, org_id, title) values ($1, $2, 'Catalog')`, [frameworkId, org.id]);

    const delivered: Change[] = [];
    let cursor: string | null = null;
    let writing = true;
    const writers = Array.from({ length: WRITERS }, (_, i) => writer(i, frameworkId));
    const done = Promise.all(writers).finally(() => (writing = false));
    let pulls = 0;
    while (writing) {
      const answer = await pull(cursor);
      expect(answer.status).toBe('ok');
      delivered.push(...answer.changes);
      cursor = answer.cursor;
      pulls++;
      if (!answer.has_more) await sleep(5);
    }
    await done;
    for (;;) {
      const answer = await pull(cursor);
      delivered.push(...answer.changes);
      cursor = answer.cursor;
      if (!answer.has_more && answer.changes.length === 0) break;
    }

    const expected = await stack.admin.query<{
      seq: string;
      table_name: string;
      record_id: string;
      row_version: string;
      op: string;
    }>(`select seq::text, table_name, record_id, row_version::text, op from sync_changes where org_id = $1 order by seq`, [
      org.id,
    ]);
    const key = (table: string, id: string, version: number | string) => `${table}/${id}/${version}`;
    const deliveredKeys = delivered.map((c) => key(c.table, c.id, c.row_version));
    expect(new Set(deliveredKeys).size).toBe(deliveredKeys.length); // nothing twice
    expect([...deliveredKeys].sort()).toEqual(expected.rows.map((r) => key(r.table_name, r.record_id, r.row_version)).sort()); // nothing missed
    expect(delivered.length).toBe(1 + WRITERS * TRANSACTIONS_PER_WRITER * 2 + tombstoneWrites);
    expect(delivered.some((c) => c.op === 'delete')).toBe(true);

    // The run did exercise late commits: some change arrived after one with a higher log
    // sequence, which a plain "seq > cursor" pull would have skipped for good.
    const seqOf = new Map(expected.rows.map((r) => [key(r.table_name, r.record_id, r.row_version), Number(r.seq)]));
    const seqs = deliveredKeys.map((k) => seqOf.get(k)!);
    const overtaken = seqs.filter((s, i) => seqs.slice(0, i).some((earlier) => earlier > s)).length;
    expect(overtaken).toBeGreaterThan(0);
    expect(pulls).toBeGreaterThan(1);

    // Applying the changes by row_version rebuilds exactly the server's rows.
    const replica = new Map<string, Change>();
    for (const c of delivered) {
      const current = replica.get(c.id);
      if (!current || current.row_version < c.row_version) replica.set(c.id, c);
    }
    const server = await stack.admin.query<{ id: string; notes: string | null; deleted_at: Date | null; row_version: string }>(
      `select id, notes, deleted_at, row_version::text from controls where org_id = $1`,
      [org.id],
    );
    expect(server.rows.length).toBe(WRITERS * TRANSACTIONS_PER_WRITER);
    for (const row of server.rows) {
      const local = replica.get(row.id)!;
      expect(local.row_version).toBe(Number(row.row_version));
      expect(local.row.notes).toBe(row.notes);
      expect(local.row.deleted_at === null).toBe(row.deleted_at === null);
    }
  });
});

describe('pull with a device named, while that device pushes and others write', () => {
  it('leaves out exactly the rows that device was answered, and delivers everyone else’s changes once', async () => {
    const frameworkId = randomUUID();
    await stack.admin.query(`insert into frameworks (id, org_id, title) values ($1, $2, 'Catalog 2')`, [frameworkId, org.id]);
    const [{ start }] = (
      await stack.admin.query<{ start: string }>(`select coalesce(max(seq), 0)::text as start from sync_changes`)
    ).rows as [{ start: string }];
    const co = await stack.client(org.users.compliance_officer);
    const register = async (name: string, key: string) => {
      const { data, error } = await co.rpc('register_device', {
        p_org_id: org.id,
        p_public_key: key.padEnd(60, 'A'),
        p_name: name,
      });
      if (error) throw error;
      return data as string;
    };
    const deviceId = await register('pushing laptop', 'MCowBQYDK2VwAyEB');
    const otherDeviceId = await register('second laptop', 'MCowBQYDK2VwAyEC');
    const admin = await stack.client(org.users.admin);

    // The device pushes while 8 writers commit out of order; another user edits the device's
    // policies after it (a later version of a record the device pushed must still arrive).
    const answered: Answer[] = [];
    const policies: { id: string; title: string }[] = [];
    let writing = true;
    const pusher = (async () => {
      for (let round = 0; writing || round < 10; round++) {
        const batch = [0, 1, 2].map((i) => {
          const id = randomUUID();
          policies.push({ id, title: `device ${round}.${i}` });
          return insert('policies', id, { title: `device ${round}.${i}`, body: 'x' });
        });
        const mine = policies[Math.floor(Math.random() * policies.length)]!;
        const edit = update('policies', mine.id, { title: `${mine.title} edited` }, { title: mine.title });
        mine.title = `${mine.title} edited`;
        const answer = await push(co, org.id, [...batch, edit], { p_device_id: deviceId });
        expect(answer.status).toBe('ok');
        answered.push(...answer.results);
        if (round % 3 === 2) {
          const theirs = policies[Math.floor(Math.random() * policies.length)]!;
          const { data } = await admin.rpc('push', {
            p_org_id: org.id,
            p_mutations: [update('policies', theirs.id, { body: `admin round ${round}` }, { body: 'x' })],
            p_schema_version: 2,
          });
          expect(data).toMatchObject({ status: 'ok' });
        }
        await sleep(Math.random() * 15);
      }
    })();
    const writers = Promise.all(Array.from({ length: WRITERS }, (_, i) => writer(100 + i, frameworkId))).finally(
      () => (writing = false),
    );
    const done = Promise.all([writers, pusher]);

    const readers = [
      { as: { client: co, deviceId }, delivered: [] as Change[], cursor: null as string | null },
      { as: { client: co, deviceId: otherDeviceId }, delivered: [] as Change[], cursor: null as string | null },
    ];
    // Both readers start from the log position before this test: a cursor at `start`.
    const [{ txid }] = (await stack.admin.query<{ txid: string }>(`select txid::text from sync_changes where seq = $1`, [start]))
      .rows as [{ txid: string }];
    for (const r of readers) r.cursor = `v1:${txid}:${start}`;
    const step = async () => {
      for (const r of readers) {
        const answer = await pull(r.cursor, r.as);
        expect(answer.status).toBe('ok');
        r.delivered.push(...answer.changes);
        r.cursor = answer.cursor;
      }
    };
    let pulls = 0;
    let pushing = true;
    void pusher.finally(() => (pushing = false));
    while (writing || pushing) {
      await step();
      pulls++;
      await sleep(5);
    }
    await done;
    for (let quiet = 0; quiet < 2;) {
      const before = readers.map((r) => r.delivered.length);
      await step();
      quiet = readers.every((r, i) => r.delivered.length === before[i]) ? quiet + 1 : 0;
    }

    const key = (table: string, id: string, version: number | string) => `${table}/${id}/${version}`;
    const logged = await stack.admin.query<{ table_name: string; record_id: string; row_version: string }>(
      `select table_name, record_id, row_version::text from sync_changes where org_id = $1 and seq > $2`,
      [org.id, start],
    );
    const all = logged.rows.map((r) => key(r.table_name, r.record_id, r.row_version)).sort();
    const acked = new Set(
      answered
        .filter((a) => a.status === 'applied' && a.row)
        .map((a) => key('policies', a.row!.id as string, a.row!.row_version as number)),
    );
    expect(answered.every((a) => a.status === 'applied')).toBe(true);
    expect(acked.size).toBe(answered.length);
    expect(acked.size).toBeGreaterThan(40);

    const [own, second] = readers.map((r) => r.delivered.map((c) => key(c.table, c.id, c.row_version)));
    // The pushing device: nothing twice, nothing it was answered, everything else.
    expect(new Set(own).size).toBe(own!.length);
    expect(own!.filter((k) => acked.has(k))).toEqual([]);
    expect([...own!].sort()).toEqual(all.filter((k) => !acked.has(k)));
    // Its pushes did leave out something, and other writers' changes did arrive to it.
    expect(own!.some((k) => k.startsWith('controls/'))).toBe(true);
    expect(own!.some((k) => k.startsWith('policies/'))).toBe(true); // the admin's later versions
    // Another device of the same user is answered nothing by those pushes: it gets every change.
    expect(new Set(second).size).toBe(second!.length);
    expect([...second!].sort()).toEqual(all);
    expect(pulls).toBeGreaterThan(1);

    // What the device holds (its answers, then what it pulled, by row_version) is the server's state.
    const replica = new Map<string, { row_version: number; title: unknown; body: unknown }>();
    const take = (id: string, row_version: number, row: Record<string, unknown>) => {
      const current = replica.get(id);
      if (!current || current.row_version < row_version) replica.set(id, { row_version, title: row.title, body: row.body });
    };
    for (const a of answered) take(a.row!.id as string, a.row!.row_version as number, a.row!);
    for (const c of readers[0]!.delivered) if (c.table === 'policies') take(c.id, c.row_version, c.row);
    const server = await stack.admin.query<{ id: string; title: string; body: string; row_version: string }>(
      `select id, title, body, row_version::text from policies where id = any ($1::uuid[])`,
      [policies.map((p) => p.id)],
    );
    expect(server.rows.length).toBe(policies.length);
    for (const row of server.rows) {
      expect(replica.get(row.id)).toEqual({ row_version: Number(row.row_version), title: row.title, body: row.body });
    }
  });
});
