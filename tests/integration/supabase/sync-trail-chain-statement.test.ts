// The trail chain rule checked once per statement (20260101001810) on PostgreSQL 15: a run of
// many events in one insert (push's fast path, or a member's multi-row insert) is taken when it
// extends the device's chain and refused, whole, with the same codes as one event at a time,
// when it does not: a gap (23503, missing_reference: applies later), a fork or a broken link
// (22023, invalid), a foreign device (42501). Through push, a broken run falls back to one event
// at a time and the answers are those of the former per-row check.
import { createHash, randomUUID } from 'node:crypto';
import type { SupabaseClient } from '@supabase/supabase-js';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asCaller, fromPg, type Caller, type Db } from '../../support/db.ts';
import { seedOrg, type SeededOrg } from '../../support/seed.ts';
import { startStack, type Stack } from '../../support/stack.ts';
import { push } from './sync-contract-client.ts';

let stack: Stack;
let org: SeededOrg;
let co: SupabaseClient;
let client: pg.Client;
let db: Db;
let caller: Caller;

beforeAll(async () => {
  stack = await startStack();
  org = await seedOrg(stack, 'Statement Chain Co');
  co = await stack.client(org.users.compliance_officer);
  caller = { kind: 'user', id: org.users.compliance_officer.id };
  client = new pg.Client({ connectionString: stack.databaseUrl });
  await client.connect();
  db = fromPg(client);
});

afterAll(async () => {
  await client?.end();
  await stack?.stop();
});

let keys = 0;
async function device(as: SupabaseClient = co): Promise<string> {
  keys += 1;
  const { data, error } = await as.rpc('register_device', {
    p_org_id: org.id,
    p_public_key: `k${keys}`.padEnd(43, 'p'),
    p_name: `device ${keys}`,
  });
  if (error) throw new Error(error.message);
  return data as string;
}

interface Event {
  id: string;
  seq: number;
  prev_hash: string;
  hash: string;
}
const ZERO = '0'.repeat(64);
const hashOf = (text: string) => createHash('sha256').update(text).digest('hex');

/** A chain of `n` events after `after` (seq and hash of the last one, or the start). */
function chain(n: number, after: { seq: number; hash: string } = { seq: 0, hash: ZERO }): Event[] {
  const out: Event[] = [];
  let prev = after;
  for (let i = 0; i < n; i++) {
    const seq = prev.seq + 1;
    const e = { id: randomUUID(), seq, prev_hash: prev.hash, hash: hashOf(`${randomUUID()}:${seq}`) };
    out.push(e);
    prev = e;
  }
  return out;
}

const mutation = (deviceId: string, e: Event) => ({
  id: e.id,
  table: 'audit_events',
  record_id: e.id,
  op: 'insert' as const,
  patch: {
    record_table: 'policies',
    record_id: randomUUID(),
    action: 'create',
    actor: org.users.compliance_officer.id,
    claimed_at: '2026-11-30T08:00:00.250Z',
    before: null,
    after: { title: 'x' },
    seq: e.seq,
    prev_hash: e.prev_hash,
    hash: e.hash,
    device_id: deviceId,
  },
  base: {},
});

/** One multi-row insert of these events as the compliance officer; answers the SQLSTATE or 'ok'. */
async function insertAll(deviceId: string, events: Event[]): Promise<string> {
  try {
    await asCaller(
      db,
      caller,
      (tx) =>
        tx.query(
          `insert into audit_events (id, org_id, record_table, record_id, action, actor, device_id, seq, prev_hash, hash)
           select e.id, $1, 'policies', gen_random_uuid(), 'create', $2, $3, e.seq, e.prev_hash, e.hash
           from jsonb_to_recordset($4::jsonb) e (id uuid, seq bigint, prev_hash text, hash text)`,
          [org.id, org.users.compliance_officer.id, deviceId, JSON.stringify(events)],
        ),
      { commit: true },
    );
    return 'ok';
  } catch (error) {
    return (error as { code?: string }).code ?? String(error);
  }
}

const kept = async (deviceId: string) =>
  (
    await stack.admin.query<{ seq: number }>(`select seq::int from audit_events where device_id = $1 order by seq`, [deviceId])
  ).rows.map((r) => r.seq);

describe('a multi-row insert of trail events', () => {
  it('takes a run that extends the chain, and the next run after it', async () => {
    const d = await device();
    const first = chain(50);
    expect(await insertAll(d, first)).toBe('ok');
    expect(await insertAll(d, chain(30, first.at(-1)))).toBe('ok');
    expect(await kept(d)).toEqual(Array.from({ length: 80 }, (_, i) => i + 1));
  });

  it('refuses the whole run, changing nothing, for a gap, a broken link, a fork or a foreign device', async () => {
    const d = await device();
    const start = chain(3);
    expect(await insertAll(d, start)).toBe('ok');
    const next = chain(5, start.at(-1));
    // A gap before the run, and a gap inside it: missing (23503).
    expect(await insertAll(d, next.slice(1))).toBe('23503');
    expect(await insertAll(d, [next[0]!, next[1]!, next[3]!, next[4]!])).toBe('23503');
    // A link that does not follow (an edited history), first or in the middle: invalid (22023).
    expect(await insertAll(d, [{ ...next[0]!, prev_hash: hashOf('edited') }, ...next.slice(1)])).toBe('22023');
    expect(await insertAll(d, [next[0]!, next[1]!, { ...next[2]!, prev_hash: next[0]!.hash }, ...next.slice(3)])).toBe('22023');
    // A fork: a run starting the chain again; a seq already taken (the unique key speaks first).
    const fork = chain(4);
    expect(
      await insertAll(
        d,
        fork.map((e) => ({ ...e, seq: e.seq + 10 })),
      ),
    ).toBe('23503');
    expect(await insertAll(d, fork)).toBe('23505');
    // Another member's device.
    const theirs = await device(await stack.client(org.users.admin));
    expect(await insertAll(theirs, chain(2))).toBe('42501');
    expect(await kept(d)).toEqual([1, 2, 3]);
    expect(await kept(theirs)).toEqual([]);
    // The run that does follow is still taken.
    expect(await insertAll(d, next)).toBe('ok');
    expect(await kept(d)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });
});

describe('push of a run of trail events', () => {
  it('applies a whole run of events in one push', async () => {
    const d = await device();
    const events = chain(200);
    const answer = await push(
      co,
      org.id,
      events.map((e) => mutation(d, e)),
      { p_device_id: d },
    );
    expect(answer.results.map((r) => r.status)).toEqual(events.map(() => 'applied'));
    expect(await kept(d)).toHaveLength(200);
  });

  it('answers a broken run event by event, as the per-row check did', async () => {
    const d = await device();
    const events = chain(6);
    const sent = [...events.slice(0, 2), { ...events[2]!, id: randomUUID(), prev_hash: hashOf('edited') }, ...events.slice(3)];
    const answer = await push(
      co,
      org.id,
      sent.map((e) => mutation(d, e)),
      { p_device_id: d },
    );
    expect(answer.results.map((r) => [r.status, r.reason])).toEqual([
      ['applied', undefined],
      ['applied', undefined],
      ['rejected', 'invalid'],
      ['rejected', 'missing_reference'],
      ['rejected', 'missing_reference'],
      ['rejected', 'missing_reference'],
    ]);
    expect(answer.results[2]!.message).toContain("does not extend this device's chain");
    expect(answer.results[3]!.message).toContain("does not extend this device's chain yet");
    expect(await kept(d)).toEqual([1, 2]);
    // The right event 3 is taken, and then the held ones apply when sent again.
    const again = await push(
      co,
      org.id,
      events.slice(2).map((e) => mutation(d, e)),
      { p_device_id: d },
    );
    expect(again.results.every((r) => r.status === 'applied')).toBe(true);
    expect(await kept(d)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('answers a seq already taken (a second replica of the device) as a fork, invalid', async () => {
    const d = await device();
    const events = chain(2);
    await push(
      co,
      org.id,
      events.map((e) => mutation(d, e)),
      { p_device_id: d },
    );
    const impostor = chain(1);
    const [answer] = (await push(co, org.id, [mutation(d, impostor[0]!)], { p_device_id: d })).results;
    expect(answer).toMatchObject({ status: 'rejected', reason: 'invalid' });
    expect(answer!.message).toContain("does not extend this device's chain");
  });
});
