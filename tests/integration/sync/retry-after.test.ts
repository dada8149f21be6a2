/**
 * A server that answers push with 429 and Retry-After (through the fault proxy): the app waits
 * at least that long before it pushes again — local edits and nudges do not send early — says
 * so in the sync status, and resumes by itself once the wait is over; the user's "retry now"
 * does not wait.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startFaultProxy, type FaultProxy } from '../../support/fault-proxy/proxy';
import { seedOrg, type SeededOrg } from '../../support/seed';
import { startStack, type Stack } from '../../support/stack';
import { closeDevice, ok, settled, signedInDevice, syncStatus, until, type Device } from './harness';
import type { Link } from './link';

let stack: Stack;
let org: SeededOrg;
let proxy: FaultProxy;
let device: Device;

beforeAll(async () => {
  stack = await startStack();
  org = await seedOrg(stack, 'Busy Server Co');
  proxy = await startFaultProxy({ target: stack.supabaseUrl, match: ({ path }) => path === '/rest/v1/rpc/push' });
  const link: Link = { url: proxy.url, down: async () => undefined, up: async () => undefined, close: () => proxy.close() };
  device = await signedInDevice(stack, org.users.compliance_officer, { link });
  await settled(device, 'the first sync');
});
afterAll(async () => {
  await closeDevice(device);
  await stack?.stop();
});

const onServer = async (id: string) =>
  (await stack.admin.query(`select id from public.policies where id = $1`, [id])).rows.length === 1;

it('waits out a long Retry-After (edits do not push early) and "retry now" sends at once', async () => {
  proxy.setSchedule({ seed: 1, rate: 0, retryAfterSeconds: 3600 });
  proxy.inject('status429', 1);
  const first = await ok<{ id: string }>(device.core, 'policies', 'create', { title: 'Sent into a busy server' });
  const waiting = await until(
    () => syncStatus(device),
    (s) => proxy.counts().status429 === 1 && s.state === 'offline',
    'the 429 to be seen',
  );
  expect(waiting.message).toMatch(/asked the app to wait \(too many requests\); sync resumes by itself at/);
  const pushesBefore = proxy.counts().passed;
  // Edits schedule a round right away (after a short debounce); none may push during the wait.
  const second = await ok<{ id: string }>(device.core, 'policies', 'create', { title: 'Typed during the wait' });
  await ok(device.core, 'policies', 'update', { id: second.id, title: 'Typed during the wait (edited)' });
  await new Promise((resolve) => setTimeout(resolve, 1500));
  expect(proxy.counts().passed).toBe(pushesBefore);
  expect(await onServer(first.id)).toBe(false);
  expect((await syncStatus(device)).state).toBe('offline');

  await settled(device, 'retry now to send');
  expect(await onServer(first.id)).toBe(true);
  expect(await onServer(second.id)).toBe(true);
}, 60_000);

it('resumes by itself once a short Retry-After is over', async () => {
  proxy.setSchedule({ seed: 2, rate: 0, retryAfterSeconds: 1 });
  proxy.inject('status429', 1);
  const policy = await ok<{ id: string }>(device.core, 'policies', 'create', { title: 'Sent after a short wait' });
  await until(
    () => onServer(policy.id),
    (there) => there,
    'the policy to reach the server after the wait',
  );
  expect(proxy.counts().status429).toBe(2);
}, 60_000);
