/**
 * A first sync stopped in the middle (the app quit, or the core was killed) and started again
 * goes on showing "N of M": the server announces M only with the first page, so the replica
 * keeps it, and the rows done so far, with the cursor (issue 8).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { seedOrg, type SeededOrg } from '../../support/seed';
import { startStack, type Stack } from '../../support/stack';
import { closeDevice, ok, replicaRows, restart, settled, signedInDevice, until, type Device } from './harness';

let stack: Stack;
let org: SeededOrg;
const devices: Device[] = [];

interface Progress {
  phase: string;
  done: number;
  total: number | null;
  etaSeconds: number | null;
}

beforeAll(async () => {
  stack = await startStack();
  org = await seedOrg(stack, 'Restart Co');
  const writer = await signedInDevice(stack, org.users.owner);
  devices.push(writer);
  for (let i = 0; i < 5; i += 1) await ok(writer.core, 'policies', 'create', { title: `Policy ${i + 1}` });
  await settled(writer, 'the history to reach the server');
});

afterAll(async () => {
  for (const device of devices) await closeDevice(device);
  await stack?.stop();
});

const progressOf = (device: Device, into: Progress[]) =>
  device.core.onEvent((name, payload) => {
    const progress = (payload as { progress?: Progress | null }).progress;
    if (name === 'sync.state' && progress) into.push(progress);
  });

it('a first sync restarted in the middle shows the rows so far of the total the first page announced', async () => {
  const { rows } = await stack.admin.query<{ n: string }>(`select count(*) as n from sync_changes where org_id = $1`, [org.id]);
  const total = Number(rows[0].n);
  const first = await signedInDevice(stack, org.users.admin, { core: { syncPageSize: 2 } });
  devices.push(first);
  const before: Progress[] = [];
  progressOf(first, before);
  let quit = false;
  first.core.onEvent((name) => {
    // Quit right after the second page committed (its progress was just announced).
    if (name !== 'sync.state' || before.length < 2 || quit) return;
    quit = true;
    first.core.close();
  });
  await until(
    async () => quit,
    (stopped) => stopped,
    'two pages of the first sync',
  );
  expect(before.at(-1)).toMatchObject({ phase: 'first-sync', done: 4, total });
  const kept = replicaRows(first.dataDir, org.id, 'SELECT first_sync_done AS done, first_sync_total AS total FROM sync_state');
  expect(kept).toEqual([{ done: 4, total }]);

  // A clock that moves half a second at each read, so the time left is told whatever this machine's speed.
  let tick = Date.parse('2026-12-01T12:00:00.000Z');
  const device = await restart(stack, first, { syncPageSize: 2, now: () => new Date((tick += 500)).toISOString() });
  devices.push(device);
  const after: Progress[] = [];
  progressOf(device, after);
  await settled(device, 'the restarted first sync');
  const resumed = after.filter((p) => p.done > 0);
  expect(resumed.length).toBeGreaterThan(2);
  // Right after the restart it says where it stood; the next pages count on from there.
  expect(resumed[0]).toEqual({ phase: 'first-sync', done: 4, total, etaSeconds: null });
  expect(resumed[1]).toMatchObject({ phase: 'first-sync', done: 6, total });
  expect(resumed.every((p) => p.phase === 'first-sync' && p.total === total)).toBe(true);
  expect(resumed.at(-1)).toMatchObject({ done: total, total, etaSeconds: 0 });
  // Once the last page is in, no first sync is under way: a later pull counts its own rows.
  expect(
    replicaRows(device.dataDir, org.id, 'SELECT first_sync_done AS done, first_sync_total AS total FROM sync_state'),
  ).toEqual([{ done: null, total: null }]);
});
