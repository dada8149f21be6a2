/**
 * Two laptops edit the same policy while offline, then reconnect one after the other, in either
 * order: fields edited on one side only are both kept, a field edited on both takes the later
 * writer's value (and the record's history says whose value lost), text edited in different
 * lines merges, and text edited in the same lines becomes a conflict that either side lists and
 * resolves with a new revision. While its changes wait, a device shows its own edits.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { seedOrg, type SeededOrg } from '../../support/seed';
import { startStack, type Stack } from '../../support/stack';
import {
  call,
  closeDevice,
  eventually,
  ok,
  replicaRows,
  settled,
  signedInDevice,
  syncStatus,
  until,
  type Device,
} from './harness';

let stack: Stack;
let org: SeededOrg;
let a: Device;
let b: Device;

beforeAll(async () => {
  stack = await startStack();
  org = await seedOrg(stack, 'Offline Co');
  a = await signedInDevice(stack, org.users.owner);
  b = await signedInDevice(stack, org.users.compliance_officer);
});

afterAll(async () => {
  await closeDevice(a);
  await closeDevice(b);
  await stack?.stop();
});

type Policy = {
  id: string;
  title: string;
  body: string;
  owner: string;
  nextReviewDate: string | null;
  currentRevisionId: string | null;
};

const BODY = [
  '# Access control',
  'Accounts are reviewed quarterly.',
  'Admins use a second factor.',
  'Leavers lose access the same day.',
].join('\n');

/** A policy both devices have, as made on A. */
async function sharedPolicy(title: string): Promise<Policy> {
  const policy = await ok<Policy>(a.core, 'policies', 'create', { title });
  await ok(a.core, 'policies', 'update', { id: policy.id, body: BODY });
  await settled(a, 'A to send the policy');
  await eventually<Policy>(b, 'policies', 'get', { id: policy.id }, (p) => p.body === BODY, 'the policy to reach B');
  return policy;
}

const offline = async (device: Device) => {
  await device.link.down();
  await until(
    async () => {
      await ok(device.core, 'sync', 'retryNow');
      return syncStatus(device);
    },
    (s) => s.state === 'offline',
    'the device to see it is offline',
  );
};

const lines = (text: string) => text.split('\n');

it('A then B: per-field merge, later writer wins a shared field (history says so), text in different lines merges', async () => {
  const policy = await sharedPolicy('Access Control Policy');
  await offline(a);
  await offline(b);

  await ok(a.core, 'policies', 'update', {
    id: policy.id,
    title: 'Access Policy (A)',
    owner: 'Alice',
    body: BODY.replace('quarterly', 'monthly'),
  });
  await ok(b.core, 'policies', 'update', {
    id: policy.id,
    title: 'Access Policy (B)',
    nextReviewDate: '2027-01-31',
    body: BODY.replace('the same day', 'within an hour'),
  });
  // While offline each shows its own edits, and they wait.
  expect(await ok<Policy>(b.core, 'policies', 'get', { id: policy.id })).toMatchObject({ title: 'Access Policy (B)' });
  expect((await syncStatus(b)).pending).toBeGreaterThan(0);

  await a.link.up();
  await settled(a, 'A to send its offline edits');
  await b.link.up();
  await settled(b, 'B to send its offline edits');
  await settled(a, 'A to take B’s edits');

  const merged = BODY.replace('quarterly', 'monthly').replace('the same day', 'within an hour');
  const onA = await ok<Policy>(a.core, 'policies', 'get', { id: policy.id });
  const onB = await ok<Policy>(b.core, 'policies', 'get', { id: policy.id });
  expect(onA).toMatchObject({ title: 'Access Policy (B)', owner: 'Alice', nextReviewDate: '2027-01-31', body: merged });
  expect(onB).toEqual(onA);

  // B wrote the title last: its history says which field overwrote another device's value.
  const overrides = await ok<{ field: string; wonValue: unknown; lostValue: unknown; previousBy: string | null }[]>(
    b.core,
    'sync',
    'overrides',
    {
      table: 'policies',
      recordId: policy.id,
    },
  );
  expect(overrides).toEqual(
    expect.arrayContaining([
      expect.objectContaining({
        field: 'title',
        wonValue: 'Access Policy (B)',
        lostValue: 'Access Policy (A)',
        previousBy: org.users.owner.id,
      }),
    ]),
  );
  expect(await syncStatus(a)).toMatchObject({ pending: 0, attention: 0, conflicts: 0 });
});

it('B then A: the same lines edited on both sides become a conflict with both texts; resolving saves a new revision everywhere', async () => {
  const policy = await sharedPolicy('Offboarding Policy');
  await offline(a);
  await offline(b);
  const ours = BODY.replace('Leavers lose access the same day.', 'Leavers lose access before they leave.');
  const theirs = BODY.replace('Leavers lose access the same day.', 'Leavers hand in badges; access ends the same day.');
  await ok(b.core, 'policies', 'update', { id: policy.id, body: theirs });
  await ok(a.core, 'policies', 'update', { id: policy.id, body: ours });

  await b.link.up();
  await settled(b, 'B to send first');
  await a.link.up();
  const status = await until(
    async () => {
      await ok(a.core, 'sync', 'retryNow');
      return syncStatus(a);
    },
    (s) => s.pending === 0 && s.conflicts === 1,
    'A to see the conflict',
  );
  expect(status.attention).toBe(0);

  // The server kept B's text (pushed first); both texts are in the conflict, every line typed is somewhere.
  const [conflict] = await ok<{ id: string; base: string; ours: string; theirs: string; policyTitle: string }[]>(
    a.core,
    'sync',
    'conflicts',
    { policyId: policy.id },
  );
  expect(conflict).toMatchObject({ base: BODY, ours, theirs, policyTitle: 'Offboarding Policy' });
  expect((await ok<Policy>(a.core, 'policies', 'get', { id: policy.id })).body).toBe(theirs);
  for (const line of [...lines(ours), ...lines(theirs)]) expect(`${conflict.ours}\n${conflict.theirs}`).toContain(line);
  await eventually<unknown[]>(b, 'sync', 'conflicts', {}, (list) => list.length === 1, 'the conflict to reach B');

  const resolved = ours.replace('before they leave.', 'before they leave, and hand in badges.');
  const answer = await ok<{ policyId: string; revisionId: string }>(a.core, 'sync', 'resolveConflict', {
    conflictId: conflict.id,
    body: resolved,
  });
  expect(answer.policyId).toBe(policy.id);
  expect(await ok(a.core, 'sync', 'conflicts', {})).toEqual([]);
  await settled(a, 'A to send the resolution');
  const onB = await eventually<Policy>(
    b,
    'policies',
    'get',
    { id: policy.id },
    (p) => p.body === resolved,
    'the resolution to reach B',
  );
  expect(onB.currentRevisionId).toBe(answer.revisionId);
  await eventually<unknown[]>(b, 'sync', 'conflicts', {}, (list) => list.length === 0, 'B to see the conflict resolved');
  const revision = await ok<{ body: string }>(b.core, 'policies', 'revision', { id: answer.revisionId });
  expect(revision.body).toBe(resolved);

  // A second resolve of the same conflict is refused and changes nothing.
  const again = await ok<unknown>(a.core, 'sync', 'status');
  const refused = await call(a.core, 'sync', 'resolveConflict', { conflictId: conflict.id, body: 'x' });
  expect(refused).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
  expect(await ok(a.core, 'sync', 'status')).toEqual(again);
});

it('the same link made on both laptops offline is one row everywhere (its id comes from the pair)', async () => {
  const tiny = readFileSync(path.resolve(__dirname, '../../fixtures/oscal/tiny-catalog.json'), 'utf8');
  const { frameworkId } = await ok<{ frameworkId: string }>(a.core, 'frameworks', 'importFile', {
    fileName: 'tiny.json',
    content: tiny,
    jobId: 'import-links',
  });
  const policy = await sharedPolicy('Linked Policy');
  const control = (await ok<{ items: { id: string }[] }>(a.core, 'controls', 'list', { frameworkId })).items[0];
  await eventually<{ id: string }>(
    b,
    'controls',
    'get',
    { id: control.id },
    (c) => c.id === control.id,
    'the control to reach B',
  );
  await offline(a);
  await offline(b);
  await ok(a.core, 'policies', 'linkControl', { policyId: policy.id, controlId: control.id });
  await ok(b.core, 'policies', 'linkControl', { policyId: policy.id, controlId: control.id });
  // One after the other (two pushes of the same new id at the same instant race on the server:
  // reported to SRV-A).
  await a.link.up();
  await settled(a, 'A to send its link');
  await b.link.up();
  await settled(b, 'B to send its link');
  await settled(a, 'A to catch up');
  const { rows } = await stack.admin.query(`select id from policy_controls where policy_id = $1 and control_id = $2`, [
    policy.id,
    control.id,
  ]);
  expect(rows).toHaveLength(1);
  for (const device of [a, b]) {
    expect(replicaRowsOf(device, 'SELECT id FROM policy_controls WHERE policy_id = ?', policy.id)).toEqual([{ id: rows[0].id }]);
    const refused = await ok<{ items: unknown[] }>(device.core, 'sync', 'outbox', { state: 'rejected' });
    expect(refused.items).toEqual([]);
    expect(await syncStatus(device)).toMatchObject({ pending: 0, attention: 0 });
  }
});

const replicaRowsOf = (device: Device, sql: string, ...params: unknown[]) => replicaRows(device.dataDir, org.id, sql, ...params);
