/**
 * "Sign out and remove this computer's copy": refused while changes wait to be sent, unless they
 * were exported to a file first; then the organization's folder is gone, the session ended, and
 * the local workspace untouched.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { seedOrg, type SeededOrg } from '../../support/seed';
import { startStack, type Stack } from '../../support/stack';
import { call, ok, startCore, tempDataDir, workspaceSnapshot } from './harness';

let stack: Stack;
let org: SeededOrg;
beforeAll(async () => {
  stack = await startStack();
  org = await seedOrg(stack, 'Leaving Co');
});
afterAll(async () => stack?.stop());

it('refuses while changes wait, exports them on request, then removes only that organization’s copy', async () => {
  const dataDir = tempDataDir();
  const core = await startCore(stack, dataDir);
  await ok(core, 'policies', 'create', { title: 'Stays in the local workspace' });
  const user = org.users.compliance_officer;
  await ok(core, 'account', 'signIn', { email: user.email, password: user.password });
  // Offline from here on: background sync would otherwise send the changes this test keeps waiting.
  await stack.gatewayDown();
  await ok(core, 'policies', 'create', { title: 'Not sent yet' });
  const folder = path.join(dataDir, 'workspaces', org.id);

  const before = workspaceSnapshot(dataDir);
  expect(await call(core, 'account', 'removeThisComputer', { orgId: org.id })).toMatchObject({
    ok: false,
    error: {
      code: 'CONFLICT',
      message: expect.stringMatching(/2 changes of Leaving Co have not been sent yet\. Export them first/),
    },
  });
  expect(workspaceSnapshot(dataDir)).toEqual(before);

  const exported = await ok<{ path: string; changes: number }>(core, 'account', 'exportPending', { orgId: org.id });
  expect(exported.changes).toBe(2);
  const file = JSON.parse(readFileSync(exported.path, 'utf8')) as { orgId: string; changes: { table_name: string }[] };
  expect(file.orgId).toBe(org.id);
  expect(file.changes.map((c) => c.table_name).sort()).toEqual(['policies', 'policy_revisions']);

  // A change made after the export is not covered by it.
  await ok(core, 'policies', 'create', { title: 'After the export' });
  expect(await call(core, 'account', 'removeThisComputer', { orgId: org.id })).toMatchObject({
    ok: false,
    error: { code: 'CONFLICT' },
  });
  await ok(core, 'account', 'exportPending', { orgId: org.id });

  const status = await ok(core, 'account', 'removeThisComputer', { orgId: org.id });
  expect(status).toMatchObject({ session: 'signed-out', activeOrgId: '00000000-0000-4000-8000-000000000000' });
  expect(existsSync(folder)).toBe(false);
  expect(existsSync(exported.path)).toBe(true);
  expect(await ok(core, 'policies', 'list', {})).toMatchObject({ total: 1 });
  core.close();
});
