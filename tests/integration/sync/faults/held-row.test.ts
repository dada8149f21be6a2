/**
 * 5,000 policies arrive at a new device in one server transaction, with one row among them the
 * replica cannot take (a status this app does not know, as a newer server might send). That
 * row is held back and reported in the sync status; the other 5,000 apply, and sync goes on.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SyncStatus } from '../../../../src-shared/api/sync';
import { replicaRows, startDevice, startFaultWorld, type FaultWorld } from '../../../support/core-process/fault-world';
import { syncUntilIdle, until } from '../../../support/core-process/sync-steps';

const ROWS = 5000;
let world: FaultWorld;
beforeAll(async () => {
  world = await startFaultWorld();
});
afterAll(async () => world?.stop());

describe('a pull with one row the replica cannot take', () => {
  it(`holds and reports that row and applies the other ${ROWS}`, async () => {
    const { admin } = world.stack;
    const orgId = world.org.id;
    const odd = randomUUID();
    const client = await admin.connect();
    try {
      await client.query('begin');
      await client.query(
        `insert into public.policies (id, org_id, title, body)
         select gen_random_uuid(), $1, 'Bulk policy ' || i, 'Text of policy ' || i from generate_series(1, $2::int) i`,
        [orgId, ROWS],
      );
      // The change log is what pull reads; a row only a newer server would write goes in beside them.
      await client.query(
        `insert into public.sync_changes (org_id, table_name, record_id, op, row_version, row)
         select $1, 'policies', $2, 'insert', 1,
                to_jsonb(p) || jsonb_build_object('id', $2::uuid, 'title', 'From a newer server', 'status', 'retired')
           from public.policies p where p.org_id = $1 limit 1`,
        [orgId, odd],
      );
      await client.query('commit');
    } finally {
      client.release();
    }

    const device = await startDevice(world, 'new-laptop', world.org.users.auditor);
    const status = await until(
      () => device.core.ok<SyncStatus>('sync', 'retryNow', {}),
      (s) => s.state === 'idle' && s.pending === 0 && /1 change from the server waits/.test(s.message ?? ''),
      'the first sync ending with one held row',
      120_000,
    );
    expect(status).toMatchObject({ state: 'idle', attention: 0 });

    expect(replicaRows(device, orgId, `SELECT count(*) AS n FROM policies WHERE title LIKE 'Bulk policy %'`)).toEqual([
      { n: ROWS },
    ]);
    expect(replicaRows(device, orgId, 'SELECT count(*) AS n FROM policies WHERE id = ?', odd)).toEqual([{ n: 0 }]);
    const held = replicaRows<{ table_name: string; id: string; reason: string }>(
      device,
      orgId,
      'SELECT table_name, id, reason FROM sync_held',
    );
    expect(held).toEqual([{ table_name: 'policies', id: odd, reason: expect.any(String) }]);
    expect(held[0].reason.length).toBeGreaterThan(0);

    // Sync goes on past it: a later change arrives.
    await admin.query(`insert into public.policies (id, org_id, title) values ($1, $2, 'Written after the odd row')`, [
      randomUUID(),
      orgId,
    ]);
    await until(
      async () => (
        await syncUntilIdle(device),
        replicaRows(device, orgId, `SELECT count(*) AS n FROM policies WHERE title = 'Written after the odd row'`)
      ),
      (rows) => rows[0].n === 1,
      'a change after the held row arriving',
    );
  }, 180_000);
});
