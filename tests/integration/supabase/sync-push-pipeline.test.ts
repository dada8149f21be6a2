// Push pipelining end to end on PostgreSQL 15: pushAll sends the next batch before committing the
// answers of the one before, and still every change and every trail event arrives once, in order
// (an update at the end of the queue lands on the row an insert in the first batch made).
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { SupabaseClient } from '@supabase/supabase-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../src-main/core/db/database';
import { recordChange } from '../../../src-main/core/sync/changes';
import { pushAll, PUSH_BATCH } from '../../../src-main/core/sync/push';
import { pendingTrailMutations, trailChainSource } from '../../../src-main/core/sync/trail-chain';
import { seedOrg, type SeededOrg } from '../../support/seed.ts';
import { startStack, type Stack } from '../../support/stack.ts';
import { tempDir } from '../../support/temp-dir.ts';

let stack: Stack;
let org: SeededOrg;
let co: SupabaseClient;
let dir: ReturnType<typeof tempDir>;
let db: Db;

beforeAll(async () => {
  stack = await startStack();
  org = await seedOrg(stack, 'Pipeline Co');
  co = await stack.client(org.users.compliance_officer);
  dir = tempDir();
  db = openDatabase(path.join(dir.path, 'replica.sqlite3'));
});

afterAll(async () => {
  db?.close();
  dir?.remove();
  await stack?.stop();
});

const outboxCount = () => (db.prepare('SELECT count(*) AS n FROM outbox').get() as { n: number }).n;

function change(recordId: string, i: number, op: 'insert' | 'update', title: string, before: string | null) {
  recordChange(db, {
    table: 'policies',
    recordId,
    orgId: org.id,
    actor: org.users.compliance_officer.id,
    at: new Date(Date.UTC(2026, 10, 30, 8, 0, 0, i)).toISOString(),
    before: before === null ? null : { title: before },
    after: op === 'insert' ? { title, body: 'b', owner: null, version_major: 0, version_minor: 1 } : { title },
    op,
  });
}

describe('pushAll', () => {
  it('sends batch N+1 before committing batch N, and every change arrives once, in order', async () => {
    const { data: device, error } = await co.rpc('register_device', {
      p_org_id: org.id,
      p_public_key: 'p'.repeat(43),
      p_name: 'Pipeline laptop',
    });
    if (error) throw new Error(error.message);
    const first = randomUUID();
    change(first, 0, 'insert', 'First, as made', null);
    const n = PUSH_BATCH + 100;
    for (let i = 1; i < n; i++) change(randomUUID(), i, 'insert', `Policy ${i}`, null);
    change(first, n, 'update', 'First, renamed last', 'First, as made');
    const waiting = outboxCount();
    expect(waiting).toBe(n + 1);

    const outboxAtSend: number[] = [];
    const committed: number[] = [];
    const outcome = await pushAll(
      {
        db,
        orgId: org.id,
        deviceId: device as string,
        now: () => new Date().toISOString(),
        sources: [trailChainSource],
        rpc: async (name, args) => {
          outboxAtSend.push(outboxCount());
          const answer = await co.rpc(name, args);
          if (answer.error) throw new Error(answer.error.message);
          return answer.data;
        },
      },
      (batch) => {
        committed.push(batch.sent);
        return true;
      },
    );
    expect(outcome).toMatchObject({ kind: 'sent', more: false });
    // 2 × (n + 1) mutations: the outbox's and the trail's, in three batches.
    expect(committed).toEqual([PUSH_BATCH, PUSH_BATCH, 2 * (n + 1) - 2 * PUSH_BATCH]);
    // The second batch went out while the first one's entries were still waiting (pipelined).
    expect(outboxAtSend[0]).toBe(waiting);
    expect(outboxAtSend[1]).toBe(waiting);
    expect(outboxCount()).toBe(0);
    expect(pendingTrailMutations(db, { orgId: org.id, deviceId: device as string, limit: 10 })).toEqual([]);

    const policies = await stack.admin.query(`select count(*)::int as n from policies where org_id = $1`, [org.id]);
    expect(policies.rows[0].n).toBeGreaterThanOrEqual(n);
    const renamed = await stack.admin.query(`select title from policies where id = $1`, [first]);
    expect(renamed.rows).toEqual([{ title: 'First, renamed last' }]);
    const chain = await stack.admin.query(
      `select count(*)::int as n, min(seq)::int as lo, max(seq)::int as hi from audit_events where device_id = $1`,
      [device],
    );
    expect(chain.rows[0]).toEqual({ n: n + 1, lo: 1, hi: n + 1 });
    const ledger = await stack.admin.query(`select count(*)::int as n from public.sync_mutations where device_id = $1`, [device]);
    expect(ledger.rows[0].n).toBe(2 * (n + 1));
  });
});
