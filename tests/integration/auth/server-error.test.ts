/**
 * The auth server answers 500 (its database is down) when the app comes back from an outage and
 * refreshes its session: the user stays signed in, the app keeps saying it cannot reach the
 * project, and sync resumes by itself once the server answers again. No password asked.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedOrg, type SeededOrg } from '../../support/seed';
import { startStack, type Stack } from '../../support/stack';
import { ok, startCore, tempDataDir, until } from './harness';

let stack: Stack;
let org: SeededOrg;

beforeAll(async () => {
  stack = await startStack();
  org = await seedOrg(stack, 'Server Error Co');
});
afterAll(async () => stack?.stop());

type Status = { session: string; online: boolean; message: string | null };

describe('a 500 from the auth server', () => {
  it('keeps the session through a refresh answered 500, and sync resumes when the server answers again', async () => {
    const user = org.users.compliance_officer;
    const core = await startCore(stack, tempDataDir());
    await ok(core, 'account', 'signIn', { email: user.email, password: user.password });

    await stack.gatewayDown();
    await ok(core, 'account', 'members'); // the call finds no network: offline, probing
    await stack.gatewayUp();
    stack.gateway.tamper('token-500');
    // The probe reached the project and its refresh was answered 500, more than once.
    await until(
      async () => stack.gateway.token500s(),
      (n) => n >= 2,
      'refreshes answered 500',
    );
    const during = await ok<Status>(core, 'account', 'status');
    expect(during).toMatchObject({ session: 'signed-in', online: false, user: { id: user.id } });

    const policy = await ok<{ id: string }>(core, 'policies', 'create', { title: 'Written while the server failed' });
    stack.gateway.tamper(null);
    await until(
      () => ok<Status>(core, 'account', 'status'),
      (s) => s.online && s.session === 'signed-in',
      'the session to be back',
      60_000,
    );
    await until(
      async () => {
        await ok(core, 'sync', 'retryNow');
        return (await stack.admin.query(`select title from public.policies where id = $1`, [policy.id])).rows;
      },
      (rows) => rows.length === 1,
      'the policy to reach the server',
      30_000,
    );
    expect(await ok<Status>(core, 'account', 'status')).toMatchObject({ session: 'signed-in', online: true });
    core.close();
  }, 120_000);
});
