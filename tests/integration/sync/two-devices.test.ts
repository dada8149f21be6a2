/**
 * The first vertical slice of sync: two real cores in one organization on real PostgreSQL and
 * the gateway; a policy made and edited on A appears on B after a sync round, and the server
 * has each change once.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { seedOrg, type SeededOrg } from '../../support/seed';
import { startStack, type Stack } from '../../support/stack';
import { closeDevice, eventually, ok, replicaRows, settled, signedInDevice, until, type Device } from './harness';

let stack: Stack;
let org: SeededOrg;
let a: Device;
let b: Device;

beforeAll(async () => {
  stack = await startStack();
  org = await seedOrg(stack, 'Two Laptops Co');
  a = await signedInDevice(stack, org.users.compliance_officer);
  b = await signedInDevice(stack, org.users.owner);
});

afterAll(async () => {
  await closeDevice(a);
  await closeDevice(b);
  await stack?.stop();
});

type PolicyList = { items: { id: string; title: string }[]; total: number };
type Policy = { id: string; title: string; body: string };

it('a policy made on A appears on B, and an edit of its text follows', async () => {
  // Both listen to the server's nudges (Realtime), so B pulls when A's change lands.
  for (const device of [a, b]) {
    await until(
      () => ok<{ live: boolean }>(device.core, 'sync', 'status'),
      (s) => s.live,
      'Realtime to be live',
    );
  }
  const created = await ok<Policy>(a.core, 'policies', 'create', { title: 'Access Control Policy' });
  await settled(a, 'A to send its new policy');
  await eventually<PolicyList>(
    b,
    'policies',
    'list',
    {},
    (list) => list.items.some((p) => p.id === created.id),
    'the policy to reach B',
  );

  await ok(a.core, 'policies', 'update', { id: created.id, body: 'Accounts are reviewed every quarter.' });
  await settled(a, 'A to send the edit');
  const onB = await eventually<Policy>(
    b,
    'policies',
    'get',
    { id: created.id },
    (p) => p.body === 'Accounts are reviewed every quarter.',
    'the edit to reach B',
  );
  expect(onB.title).toBe('Access Control Policy');

  // Each change A made reached the server once: the ledger has as many mutations as A's outbox ever held.
  const { rows } = await stack.admin.query<{ records: string; events: string }>(
    `select count(*) filter (where table_name <> 'audit_events') as records,
            count(*) filter (where table_name = 'audit_events') as events
     from sync_mutations where user_id = $1 and org_id = $2`,
    [org.users.compliance_officer.id, org.id],
  );
  // Every outbox entry is written with one trail event (recordChange), so A's trail counts them;
  // each trail event is pushed once too, with its chain.
  const made = replicaRows(a.dataDir, org.id, 'SELECT count(*) AS n FROM audit_events')[0].n;
  expect(Number(rows[0].records)).toBe(made);
  expect(Number(rows[0].events)).toBe(made);
  expect(replicaRows(a.dataDir, org.id, 'SELECT count(*) AS n FROM outbox')[0].n).toBe(0);
  expect(await ok(b.core, 'sync', 'status')).toMatchObject({ state: 'idle', attention: 0 });
});
