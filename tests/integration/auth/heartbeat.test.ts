/** A session ended on the server (IT signed the user out everywhere) is noticed by the core's own check, not an hour later. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { seedOrg, type SeededOrg } from '../../support/seed';
import { startStack, type Stack } from '../../support/stack';
import { ok, startCore, tempDataDir, until } from './harness';

let stack: Stack;
let org: SeededOrg;
beforeAll(async () => {
  stack = await startStack();
  org = await seedOrg(stack, 'Heartbeat Co');
});
afterAll(async () => stack?.stop());

it('notices a session ended elsewhere and asks to sign in again, keeping the organization open', async () => {
  const core = await startCore(stack, tempDataDir(), { heartbeatMs: 100 });
  const user = org.users.auditor;
  await ok(core, 'account', 'signIn', { email: user.email, password: user.password });
  await stack.admin.query('delete from auth.sessions where user_id::text = $1', [user.id]);
  const status = await until(
    () => ok(core, 'account', 'status'),
    (s) => s.session === 'expired',
    'the session ending',
    10_000,
  );
  expect(status).toMatchObject({ session: 'expired', activeOrgId: org.id, message: expect.stringMatching(/Sign in again/) });
  core.close();
});
