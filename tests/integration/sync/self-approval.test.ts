/**
 * Self-approval against the real core and the stack (PostgreSQL 15, the gateway): the org's
 * setting reaches the app in my_memberships; the app refuses approving one's own edit in words
 * before anything is pushed; an owner allows it from the app (set_org_allow_self_approval), and
 * then the same approval is made and the server takes it. Someone else's edit is approved as before.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { seedOrg, type SeededOrg } from '../../support/seed';
import { startStack, type Stack } from '../../support/stack';
import { call, closeDevice, ok, settled, signedInDevice, until, type Device } from './harness';

let stack: Stack;
let org: SeededOrg;
let owner: Device;
let officer: Device;

beforeAll(async () => {
  stack = await startStack();
  org = await seedOrg(stack, 'Solo Co');
  owner = await signedInDevice(stack, org.users.owner);
  officer = await signedInDevice(stack, org.users.compliance_officer);
});

afterAll(async () => {
  await closeDevice(owner);
  await closeDevice(officer);
  await stack?.stop();
});

type Membership = { orgId: string; allowSelfApproval: boolean };
const membershipOf = async (device: Device) =>
  (await ok<{ memberships: Membership[] }>(device.core, 'account', 'status')).memberships.find((m) => m.orgId === org.id);
const serverPolicy = async (id: string) =>
  (await stack.admin.query(`select status, approved_by, edited_by from policies where id = $1`, [id])).rows[0] as
    { status: string; approved_by: string | null; edited_by: string | null } | undefined;

async function policyInReview(device: Device, title: string): Promise<string> {
  const { id } = await ok<{ id: string }>(device.core, 'policies', 'create', { title, body: 'Backups run daily.' });
  await ok(device.core, 'policies', 'submitForReview', { id });
  await settled(device, 'the policy to reach the server');
  return id;
}

it('refuses approving your own edit before it is pushed, until an owner allows self-approval', async () => {
  expect(await membershipOf(owner)).toMatchObject({ allowSelfApproval: false });
  const own = await policyInReview(owner, 'Backups');
  expect(await ok(owner.core, 'policies', 'get', { id: own })).toMatchObject({ editedBy: org.users.owner.id });

  const refused = await call(owner.core, 'policies', 'approve', { id: own });
  expect(refused).toEqual({
    ok: false,
    error: {
      code: 'FORBIDDEN',
      message: 'You edited this version; another approver must approve it, or an owner can allow self-approval in Settings.',
    },
  });
  // Nothing changed here and nothing waits to be refused by the server.
  expect(await ok(owner.core, 'policies', 'get', { id: own })).toMatchObject({ status: 'in_review', approvedBy: null });
  expect((await ok<{ total: number }>(owner.core, 'sync', 'outbox', {})).total).toBe(0);

  // Someone else's edit: approved as before, and the server agrees.
  const theirs = await policyInReview(officer, 'Vendors');
  await until(
    () => call(owner.core, 'policies', 'get', { id: theirs }),
    (r) => r.ok,
    'the officer’s policy to reach the owner',
  );
  expect(await ok(owner.core, 'policies', 'approve', { id: theirs })).toMatchObject({ status: 'approved' });
  await settled(owner, 'the approval to be sent');
  expect(await serverPolicy(theirs)).toMatchObject({ status: 'approved', approved_by: org.users.owner.id });

  // A compliance officer may not change the setting; the owner may.
  expect(await call(officer.core, 'account', 'setAllowSelfApproval', { orgId: org.id, allowed: true })).toMatchObject({
    ok: false,
    error: { code: 'FORBIDDEN' },
  });
  const after = await ok<{ memberships: Membership[] }>(owner.core, 'account', 'setAllowSelfApproval', {
    orgId: org.id,
    allowed: true,
  });
  expect(after.memberships.find((m) => m.orgId === org.id)).toMatchObject({ allowSelfApproval: true });
  expect((await stack.admin.query(`select allow_self_approval from organizations where id = $1`, [org.id])).rows).toEqual([
    { allow_self_approval: true },
  ]);

  expect(await ok(owner.core, 'policies', 'approve', { id: own })).toMatchObject({ status: 'approved' });
  const status = await settled(owner, 'the self-approval to be sent');
  expect(status).toMatchObject({ attention: 0 });
  expect(await serverPolicy(own)).toMatchObject({
    status: 'approved',
    approved_by: org.users.owner.id,
    edited_by: org.users.owner.id,
  });

  // Turned off again: the setting comes back to the app as the server has it.
  await ok(owner.core, 'account', 'setAllowSelfApproval', { orgId: org.id, allowed: false });
  expect(await membershipOf(owner)).toMatchObject({ allowSelfApproval: false });
});

it('refuses bad input in words and changes nothing', async () => {
  const bad = await call(owner.core, 'account', 'setAllowSelfApproval', { orgId: org.id, allowed: 'yes' });
  expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  expect((await stack.admin.query(`select allow_self_approval from organizations where id = $1`, [org.id])).rows).toEqual([
    { allow_self_approval: false },
  ]);
});
