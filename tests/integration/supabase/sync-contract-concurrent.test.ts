// Two devices pushing an insert of the same new id at the same moment (issue 8 item 5 follow-up),
// on PostgreSQL 15 through the gateway and supabase-js. Ids derived from keys make this normal:
// the same link or audit result made on two laptops. The race is arranged, not hoped for: the
// first push inserts and then waits on a row the test holds locked, the second push is seen
// waiting on the first one's uncommitted insert, and only then is the lock released.
import { randomUUID } from 'node:crypto';
import type { SupabaseClient } from '@supabase/supabase-js';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedOrg, type SeededOrg } from '../../support/seed.ts';
import { startStack, type Stack } from '../../support/stack.ts';
import { insert, push, update, type Mutation, type PushAnswer } from './sync-contract-client.ts';

let stack: Stack;
let org: SeededOrg;
let other: SeededOrg;
let owner: SupabaseClient;
let admin: SupabaseClient;
let otherAdmin: SupabaseClient;
let gate: string; // a policy of org the test locks to hold the first push's transaction open
let auditId: string;

beforeAll(async () => {
  stack = await startStack();
  org = await seedOrg(stack, 'Race Co');
  other = await seedOrg(stack, 'Elsewhere Co');
  owner = await stack.client(org.users.owner);
  admin = await stack.client(org.users.admin);
  otherAdmin = await stack.client(other.users.admin);
  gate = await newPolicy(org.id, 'Gate');
  auditId = randomUUID();
  await stack.admin.query(`insert into audits (id, org_id, title, status) values ($1, $2, 'SOC 2', 'fieldwork')`, [
    auditId,
    org.id,
  ]);
});

afterAll(async () => {
  await stack?.stop();
});

async function newPolicy(orgId: string, title: string): Promise<string> {
  const id = randomUUID();
  await stack.admin.query(`insert into policies (id, org_id, title, body) values ($1, $2, $3, 'text')`, [id, orgId, title]);
  return id;
}

async function newControl(orgId: string, key: string): Promise<string> {
  const framework = randomUUID();
  const id = randomUUID();
  await stack.admin.query(`insert into frameworks (id, org_id, title, source_uuid) values ($1, $2, 'NIST', $3)`, [
    framework,
    orgId,
    randomUUID(),
  ]);
  await stack.admin.query(`insert into controls (id, org_id, framework_id, control_key) values ($1, $2, $3, $4)`, [
    id,
    orgId,
    framework,
    key,
  ]);
  return id;
}

async function rows(table: string, id: string): Promise<Record<string, unknown>[]> {
  return (await stack.admin.query(`select * from ${table} where id = $1`, [id])).rows;
}

/** Polls until some backend waits on a lock held by `holder`; answers that backend's pid. */
async function waiterOn(holder: number, what: string): Promise<number> {
  for (let attempt = 0; attempt < 400; attempt++) {
    const { rows: found } = await stack.admin.query<{ pid: number }>(
      `select pid from pg_stat_activity where $1 = any (pg_blocking_pids(pid)) limit 1`,
      [holder],
    );
    if (found[0]) return found[0].pid;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`no backend ever waited on ${what} (pid ${holder})`);
}

/**
 * Runs `first` so that its mutations before the gate update are inserted but not committed,
 * then `second`, which must wait on that uncommitted insert; then lets `first` commit.
 */
async function race(
  first: { client: SupabaseClient; orgId: string; mutations: Mutation[] },
  second: { client: SupabaseClient; orgId: string; mutations: Mutation[] },
): Promise<[PushAnswer, PushAnswer]> {
  const lock: pg.PoolClient = await stack.admin.connect();
  try {
    await lock.query('begin');
    await lock.query('select id from policies where id = $1 for update', [gate]);
    const lockPid = (await lock.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]!.pid;
    const gated = [...first.mutations, update('policies', gate, { owner: randomUUID() }, {})];
    const firstPush = push(first.client, first.orgId, gated);
    const firstPid = await waiterOn(lockPid, 'the gate lock');
    const secondPush = push(second.client, second.orgId, second.mutations);
    await waiterOn(firstPid, "the first push's uncommitted insert");
    await lock.query('commit');
    return [await firstPush, await secondPush];
  } finally {
    await lock.query('rollback').catch(() => undefined);
    lock.release();
  }
}

describe('two devices inserting the same new id at the same moment', () => {
  it('merges the second insert of a link into the row the first one committed', async () => {
    const policy = await newPolicy(org.id, 'Access Control');
    const control = await newControl(org.id, 'ac-1');
    const id = randomUUID(); // what stable-id.ts derives from (table, org, policy, control) on both laptops
    const link = () => insert('policy_controls', id, { policy_id: policy, control_id: control });
    const mine = link();
    const theirs = link();
    const [a, b] = await race(
      { client: owner, orgId: org.id, mutations: [mine] },
      { client: admin, orgId: org.id, mutations: [theirs] },
    );
    expect(a.results.map((r) => r.status)).toEqual(['applied', 'applied']);
    expect(b.results[0]).toMatchObject({ id: theirs.id, status: 'applied', row: { id, policy_id: policy } });
    expect(b.results[0]!.merged_into).toBeUndefined();
    expect(await rows('policy_controls', id)).toHaveLength(1);
    // The answer is final and kept: a resend changes nothing and answers the same.
    expect((await push(admin, org.id, [theirs])).results[0]).toEqual(b.results[0]);
  });

  it('merges two audit results of the same control per field', async () => {
    const control = await newControl(org.id, 'ac-2');
    const id = randomUUID();
    const [a, b] = await race(
      {
        client: owner,
        orgId: org.id,
        mutations: [insert('audit_results', id, { audit_id: auditId, control_id: control, result: 'fail' })],
      },
      {
        client: admin,
        orgId: org.id,
        mutations: [insert('audit_results', id, { audit_id: auditId, control_id: control, notes: 'seen MFA logs' })],
      },
    );
    expect(a.results[0]!.status).toBe('applied');
    expect(['applied', 'merged']).toContain(b.results[0]!.status);
    expect(b.results[0]!.row).toMatchObject({ id, result: 'fail', notes: 'seen MFA logs' });
    expect(await rows('audit_results', id)).toEqual([
      expect.objectContaining({ id, org_id: org.id, result: 'fail', notes: 'seen MFA logs' }),
    ]);
    const ledger = await stack.admin.query(`select answer from sync_mutations where record_id = $1 order by user_id`, [id]);
    const kept = ledger.rows.map((r) => (r.answer as { status: string }).status);
    expect(kept).toHaveLength(2);
    expect(kept).not.toContain('rejected');
  });

  it('answers an id another org is inserting at the same moment as duplicate, final, exactly as before', async () => {
    const policy = await newPolicy(org.id, 'Ours');
    const control = await newControl(org.id, 'ac-3');
    const theirPolicy = await newPolicy(other.id, 'Theirs');
    const theirControl = await newControl(other.id, 'ac-3');
    const id = randomUUID();
    const foreign = insert('policy_controls', id, { policy_id: theirPolicy, control_id: theirControl });
    const [a, b] = await race(
      { client: owner, orgId: org.id, mutations: [insert('policy_controls', id, { policy_id: policy, control_id: control })] },
      { client: otherAdmin, orgId: other.id, mutations: [foreign] },
    );
    expect(a.results[0]!.status).toBe('applied');
    const duplicate = {
      id: foreign.id,
      status: 'rejected',
      reason: 'duplicate',
      message: 'duplicate key value violates unique constraint "policy_controls_pkey"',
    };
    expect(b.results[0]).toEqual(duplicate);
    // The same answer as an insert of that id after the race (the id taken, nothing raced).
    const later = insert('policy_controls', id, { policy_id: theirPolicy, control_id: theirControl });
    expect((await push(otherAdmin, other.id, [later])).results[0]).toEqual({ ...duplicate, id: later.id });
    // Final: kept in the ledger, a resend answers it again; the row stays org's own.
    expect((await push(otherAdmin, other.id, [foreign])).results[0]).toEqual(duplicate);
    expect(await rows('policy_controls', id)).toEqual([
      expect.objectContaining({ id, org_id: org.id, policy_id: policy, control_id: control }),
    ]);
  });
});
