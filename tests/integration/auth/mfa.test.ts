/**
 * A second factor through the real core and unmodified supabase-js: enrolment answers a QR code
 * drawn by the core and the secret as text; sign-in then asks for the code (AAL2); wrong codes
 * are refused in words, ten in a row lock verification for a while; removing the factor needs a
 * session verified with it. Codes are computed with otpauth from the secret, never hard-coded.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedOrg, type SeededOrg } from '../../support/seed';
import { startStack, type Stack } from '../../support/stack';
import { totpCode, wrongTotpCode } from '../../support/totp';
import { call, ok, startCore, tempDataDir, workspaceSnapshot } from './harness';

let stack: Stack;
let org: SeededOrg;

beforeAll(async () => {
  stack = await startStack({ mfaCooldownMs: 60_000 });
  org = await seedOrg(stack, 'Two Step Co');
});
afterAll(async () => stack?.stop());

describe('a second factor', () => {
  it('is enrolled with a QR code and a secret, then asked for at every sign-in', async () => {
    const dataDir = tempDataDir();
    const core = await startCore(stack, dataDir);
    const user = org.users.compliance_officer;
    await ok(core, 'account', 'signIn', { email: user.email, password: user.password });
    const enrolment = await ok<{ factorId: string; qrCode: string; secret: string }>(core, 'account', 'enrollTotp');
    expect(enrolment.qrCode).toMatch(/^data:image\/png;base64,/);
    expect(enrolment.secret).toMatch(/^[A-Z2-7]+=*$/);
    expect(
      await call(core, 'account', 'confirmTotp', { factorId: enrolment.factorId, code: wrongTotpCode(enrolment.secret) }),
    ).toMatchObject({
      ok: false,
      error: { message: expect.stringMatching(/code is not right/) },
    });
    const confirmed = await ok(core, 'account', 'confirmTotp', {
      factorId: enrolment.factorId,
      code: totpCode(enrolment.secret),
    });
    expect(confirmed).toMatchObject({ session: 'signed-in', aal: 'aal2', hasTotp: true });

    await ok(core, 'account', 'signOut');
    const first = await ok(core, 'account', 'signIn', { email: user.email, password: user.password });
    expect(first).toMatchObject({ session: 'mfa-required', aal: 'aal1', activeOrgId: '00000000-0000-4000-8000-000000000000' });
    // Nothing of the organization is reachable before the code.
    expect(await call(core, 'account', 'members')).toMatchObject({ ok: true, value: [] });
    const verified = await ok(core, 'account', 'verifyMfa', { code: totpCode(enrolment.secret) });
    expect(verified).toMatchObject({ session: 'signed-in', aal: 'aal2', activeOrgId: org.id });

    expect(await ok(core, 'account', 'removeTotp')).toMatchObject({ hasTotp: false });
    core.close();
  });

  it('refuses ten wrong codes in a row in words, then refuses even the right one for a while, writing nothing', async () => {
    const dataDir = tempDataDir();
    const setup = await startCore(stack, dataDir);
    const user = org.users.auditor;
    await ok(setup, 'account', 'signIn', { email: user.email, password: user.password });
    const enrolment = await ok<{ factorId: string; secret: string }>(setup, 'account', 'enrollTotp');
    await ok(setup, 'account', 'confirmTotp', { factorId: enrolment.factorId, code: totpCode(enrolment.secret) });
    await ok(setup, 'account', 'signOut');

    await ok(setup, 'account', 'signIn', { email: user.email, password: user.password });
    const before = workspaceSnapshot(dataDir);
    const answers: string[] = [];
    for (let i = 0; i < 10; i++) {
      const result = await call(setup, 'account', 'verifyMfa', { code: wrongTotpCode(enrolment.secret) });
      answers.push(result.ok ? 'accepted' : result.error.message);
    }
    expect(answers.every((a) => /code is not right/.test(a))).toBe(true);
    const locked = await call(setup, 'account', 'verifyMfa', { code: totpCode(enrolment.secret) });
    expect(locked).toMatchObject({
      ok: false,
      error: { message: expect.stringMatching(/Too many attempts. Wait a few minutes/) },
    });
    expect(await ok(setup, 'account', 'status')).toMatchObject({ session: 'mfa-required' });
    expect(workspaceSnapshot(dataDir)).toEqual(before);
    setup.close();
  });

  it('is required by an organization that says so: at aal1 it does not open, at aal2 it does', async () => {
    const strict = await seedOrg(stack, 'Strict Co', { requireMfa: true });
    const core = await startCore(stack, tempDataDir());
    const user = strict.users.owner;
    const status = await ok(core, 'account', 'signIn', { email: user.email, password: user.password });
    expect(status).toMatchObject({
      session: 'signed-in',
      memberships: [{ orgId: strict.id, requireMfa: true }],
      activeOrgId: '00000000-0000-4000-8000-000000000000',
    });
    expect(await call(core, 'account', 'selectOrganization', { orgId: strict.id })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN', message: expect.stringMatching(/Strict Co requires two-step sign-in/) },
    });
    const enrolment = await ok<{ factorId: string; secret: string }>(core, 'account', 'enrollTotp');
    await ok(core, 'account', 'confirmTotp', { factorId: enrolment.factorId, code: totpCode(enrolment.secret) });
    expect(await ok(core, 'account', 'selectOrganization', { orgId: strict.id })).toMatchObject({
      activeOrgId: strict.id,
      aal: 'aal2',
    });
    expect((await ok<unknown[]>(core, 'account', 'members')).length).toBe(5);
    core.close();
  });
});
