/**
 * An organization turns on two-step sign-in while a member is signed in with a password only:
 * the next push answers mfa_required, the session asks for the code (state 'mfa-required',
 * nothing of the org is sent meanwhile), and once the member has set up and verified an
 * authenticator sync resumes by itself, the change typed meanwhile included.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedOrg, type SeededOrg } from '../../support/seed';
import { startStack, type Stack } from '../../support/stack';
import { totpCode } from '../../support/totp';
import { call, ok, startCore, tempDataDir, until } from './harness';

let stack: Stack;
let org: SeededOrg;

beforeAll(async () => {
  stack = await startStack();
  org = await seedOrg(stack, 'Turns Strict Co');
});
afterAll(async () => stack?.stop());

type Status = { session: string; aal: string | null; hasTotp: boolean; message: string | null; activeOrgId: string };
type Sync = { state: string; pending: number };

const onServer = async (id: string) =>
  (await stack.admin.query(`select id from public.policies where id = $1`, [id])).rows.length === 1;

describe('mfa_required from sync', () => {
  it('asks for the code, and sync resumes by itself once it is verified', async () => {
    const user = org.users.compliance_officer;
    const core = await startCore(stack, tempDataDir(), { syncPollMs: { first: 100, max: 400 } });
    expect(await ok<Status>(core, 'account', 'signIn', { email: user.email, password: user.password })).toMatchObject({
      session: 'signed-in',
      aal: 'aal1',
      activeOrgId: org.id,
    });
    await until(
      async () => {
        await ok(core, 'sync', 'retryNow');
        return ok<Sync>(core, 'sync', 'status');
      },
      (s) => s.state === 'idle' && s.pending === 0,
      'the first sync',
    );

    await stack.admin.query(`update public.organizations set require_mfa = true where id = $1`, [org.id]);
    const policy = await ok<{ id: string }>(core, 'policies', 'create', { title: 'Typed before the code' });
    const asked = await until(
      async () => {
        await ok(core, 'sync', 'retryNow');
        return ok<Status>(core, 'account', 'status');
      },
      (s) => s.session === 'mfa-required',
      'the session to ask for the code',
    );
    expect(asked).toMatchObject({
      aal: 'aal1',
      // No authenticator: the app offers setting one up instead of a code to enter (SignInForm).
      hasTotp: false,
      activeOrgId: org.id,
      message: expect.stringMatching(/requires two-step sign-in to sync/),
    });
    const held = await ok<Sync>(core, 'sync', 'status');
    expect(held.state).toBe('paused');
    expect(held.pending).toBeGreaterThan(0);
    expect(await onServer(policy.id)).toBe(false);

    // There is no code to enter yet, and the app says what to do instead.
    expect(await call(core, 'account', 'verifyMfa', { code: '123456' })).toEqual({
      ok: false,
      error: {
        code: 'CONFLICT',
        message:
          'This account has no authenticator set up yet, so there is no code to enter: set one up (Settings → Account, or the sign-in form), then sync resumes.',
      },
    });
    expect(await ok<Status>(core, 'account', 'status')).toMatchObject({ session: 'mfa-required' });

    // No authenticator yet: set one up (allowed while the code is asked for) and verify it.
    const enrolment = await ok<{ factorId: string; secret: string }>(core, 'account', 'enrollTotp');
    expect(
      await ok<Status>(core, 'account', 'confirmTotp', { factorId: enrolment.factorId, code: totpCode(enrolment.secret) }),
    ).toMatchObject({ session: 'signed-in', aal: 'aal2', message: null });
    await until(
      () => onServer(policy.id),
      (there) => there,
      'sync to resume and send the policy',
    );
    expect(await ok<Sync>(core, 'sync', 'status')).toMatchObject({ pending: 0 });
    core.close();
  }, 60_000);
});
