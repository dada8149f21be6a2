// GoTrue's TOTP MFA through the stand-in gateway with unmodified supabase-js: enrolment,
// challenge and verify with codes computed by otpauth, aal/amr claims, refresh keeping aal2,
// unenrolment rules, GoTrue's errors for wrong codes, and the lock after ten wrong codes.
import type { SupabaseClient } from '@supabase/supabase-js';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedOrg, type SeededOrg, type SeededUser } from '../../support/seed.ts';
import { startStack, type Stack } from '../../support/stack.ts';
import { enrolVerifiedTotp, totpCode, wrongTotpCode } from '../../support/totp.ts';

const COOLDOWN_MS = 1500;
let stack: Stack;
let org: SeededOrg;

beforeAll(async () => {
  stack = await startStack({ mfaCooldownMs: COOLDOWN_MS });
  org = await seedOrg(stack, 'MFA Co');
});

afterAll(async () => {
  await stack?.stop();
});

async function accessClaims(client: SupabaseClient) {
  const { data } = await client.auth.getSession();
  return decodeJwt(data.session!.access_token) as { aal?: string; amr?: { method: string }[]; session_id?: string };
}

describe('password sign-in', () => {
  it('issues an aal1 token whose amr says password', async () => {
    const client = await stack.client(org.users.viewer);
    const claims = await accessClaims(client);
    expect(claims.aal).toBe('aal1');
    expect(claims.amr?.map((m) => m.method)).toEqual(['password']);
    const { data } = await client.auth.mfa.getAuthenticatorAssuranceLevel();
    expect(data).toMatchObject({ currentLevel: 'aal1', nextLevel: 'aal1' });
  });
});

describe('enrol, challenge, verify', () => {
  let client: SupabaseClient;
  let user: SeededUser;
  let factorId: string;
  let secret: string;
  let sessionId: string | undefined;

  beforeAll(async () => {
    user = org.users.compliance_officer;
    client = await stack.client(user);
    sessionId = (await accessClaims(client)).session_id;
  });

  it('enrols a TOTP factor with an SVG QR code, the secret and an otpauth URI', async () => {
    const { data, error } = await client.auth.mfa.enroll({ factorType: 'totp', friendlyName: 'Laptop' });
    expect(error).toBeNull();
    expect(data!.type).toBe('totp');
    expect(data!.friendly_name).toBe('Laptop');
    expect(data!.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(data!.totp.secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(data!.totp.qr_code.startsWith('data:image/svg+xml;utf-8,<svg')).toBe(true);
    const uri = new URL(data!.totp.uri);
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.searchParams.get('secret')).toBe(data!.totp.secret);
    expect(uri.searchParams.get('issuer')).toBe(new URL(stack.supabaseUrl).host);
    expect(decodeURIComponent(uri.pathname)).toContain(user.email);
    factorId = data!.id;
    secret = data!.totp.secret;

    const { data: factors } = await client.auth.mfa.listFactors();
    expect(factors!.all.map((f) => [f.id, f.status])).toEqual([[factorId, 'unverified']]);
    expect(factors!.totp).toEqual([]);
    // An unverified factor does not raise the next level.
    expect((await client.auth.mfa.getAuthenticatorAssuranceLevel()).data).toMatchObject({ nextLevel: 'aal1' });
  });

  it('refuses a second factor under the same friendly name, as GoTrue does', async () => {
    const { error } = await client.auth.mfa.enroll({ factorType: 'totp', friendlyName: 'Laptop' });
    expect(error?.status).toBe(422);
    expect(error?.code).toBe('mfa_factor_name_conflict');
  });

  it("answers GoTrue's error for a wrong code and keeps the session at aal1", async () => {
    const { data: challenge } = await client.auth.mfa.challenge({ factorId });
    const { data, error } = await client.auth.mfa.verify({ factorId, challengeId: challenge!.id, code: wrongTotpCode(secret) });
    expect(data).toBeNull();
    expect(error?.status).toBe(422);
    expect(error?.code).toBe('mfa_verification_failed');
    expect(error?.message).toBe('Invalid TOTP code entered');
    expect((await accessClaims(client)).aal).toBe('aal1');
  });

  it('verifies a code from the secret: a new aal2 token in the same session, amr totp then password', async () => {
    const other = await stack.client(user); // another aal1 sign-in of the same user
    const { data: challenge, error: challengeError } = await client.auth.mfa.challenge({ factorId });
    expect(challengeError).toBeNull();
    expect(challenge!.type).toBe('totp');
    expect(challenge!.expires_at).toBeGreaterThan(Date.now() / 1000);
    const { data, error } = await client.auth.mfa.verify({ factorId, challengeId: challenge!.id, code: totpCode(secret) });
    expect(error).toBeNull();
    const claims = decodeJwt(data!.access_token) as { aal: string; amr: { method: string }[]; session_id: string };
    expect(claims.aal).toBe('aal2');
    expect(claims.amr.map((m) => m.method)).toEqual(['totp', 'password']);
    expect(claims.session_id).toBe(sessionId);
    expect((await accessClaims(client)).aal).toBe('aal2'); // supabase-js keeps the new session
    expect((await client.auth.mfa.getAuthenticatorAssuranceLevel()).data).toMatchObject({
      currentLevel: 'aal2',
      nextLevel: 'aal2',
    });
    const { data: factors } = await client.auth.mfa.listFactors();
    expect(factors!.totp.map((f) => [f.id, f.status])).toEqual([[factorId, 'verified']]);

    // The challenge is spent.
    const again = await client.auth.mfa.verify({ factorId, challengeId: challenge!.id, code: totpCode(secret) });
    expect(again.error?.status).toBe(422);
    // As GoTrue: the user's other aal1 sessions end once a factor is verified.
    const { error: otherError } = await other.auth.getUser();
    expect(otherError).not.toBeNull();
    // A fresh password sign-in now knows a second factor is due.
    const fresh = await stack.client(user);
    expect((await fresh.auth.mfa.getAuthenticatorAssuranceLevel()).data).toMatchObject({
      currentLevel: 'aal1',
      nextLevel: 'aal2',
    });
  });

  it('keeps aal2 (and the amr) across a refresh', async () => {
    const { data, error } = await client.auth.refreshSession();
    expect(error).toBeNull();
    const claims = decodeJwt(data.session!.access_token) as { aal: string; amr: { method: string }[]; session_id: string };
    expect(claims.aal).toBe('aal2');
    expect(claims.amr.map((m) => m.method)).toEqual(['totp', 'password']);
    expect(claims.session_id).toBe(sessionId);
  });

  it('needs aal2 to enrol another factor or unenrol a verified one', async () => {
    const aal1 = await stack.client(user);
    const enrol = await aal1.auth.mfa.enroll({ factorType: 'totp', friendlyName: 'Phone' });
    expect(enrol.error?.status).toBe(403);
    expect(enrol.error?.code).toBe('insufficient_aal');
    const unenrol = await aal1.auth.mfa.unenroll({ factorId });
    expect(unenrol.error?.status).toBe(422);
    expect(unenrol.error?.code).toBe('insufficient_aal');
    expect((await client.auth.mfa.listFactors()).data!.totp).toHaveLength(1);
  });

  it('unenrols at aal2; the session falls back to aal1 at its next refresh', async () => {
    const { data, error } = await client.auth.mfa.unenroll({ factorId });
    expect(error).toBeNull();
    expect(data).toEqual({ id: factorId });
    expect((await client.auth.mfa.listFactors()).data!.all).toEqual([]);
    const { data: refreshed } = await client.auth.refreshSession();
    const claims = decodeJwt(refreshed.session!.access_token) as { aal: string; amr: { method: string }[] };
    expect(claims.aal).toBe('aal1');
    expect(claims.amr.map((m) => m.method)).toEqual(['password']);
  });

  it("refuses another user's factor as not found", async () => {
    const stranger = await stack.client(org.users.auditor);
    const { error } = await stranger.auth.mfa.challenge({ factorId: (await enrolVerifiedTotp(client, 'Desk')).factorId });
    expect(error?.status).toBe(404);
    expect(error?.code).toBe('mfa_factor_not_found');
  });
});

describe('too many wrong codes', () => {
  it('after ten wrong codes in a row even the right code is refused with 429, until the cool-down ends', async () => {
    const client = await stack.client(org.users.viewer);
    const { data: factor } = await client.auth.mfa.enroll({ factorType: 'totp' });
    const { data: challenge } = await client.auth.mfa.challenge({ factorId: factor!.id });
    const attempt = (code: string) => client.auth.mfa.verify({ factorId: factor!.id, challengeId: challenge!.id, code });
    for (let i = 0; i < 10; i++) {
      const { error } = await attempt(wrongTotpCode(factor!.totp.secret));
      expect(error?.code).toBe('mfa_verification_failed');
    }
    const locked = await attempt(totpCode(factor!.totp.secret));
    expect(locked.data).toBeNull();
    expect(locked.error?.status).toBe(429);
    expect(locked.error?.code).toBe('over_request_rate_limit');
    expect((await accessClaims(client)).aal).toBe('aal1');

    await new Promise((r) => setTimeout(r, COOLDOWN_MS + 200));
    const after = await attempt(totpCode(factor!.totp.secret));
    expect(after.error).toBeNull();
    expect((decodeJwt(after.data!.access_token) as { aal: string }).aal).toBe('aal2');
  });

  it('counts only wrong codes in a row: a right code starts the count again', async () => {
    const client = await stack.client(org.users.admin);
    const { factorId, secret } = await enrolVerifiedTotp(client);
    const challenge = async () => (await client.auth.mfa.challenge({ factorId })).data!.id;
    for (let i = 0; i < 9; i++) {
      const { error } = await client.auth.mfa.verify({ factorId, challengeId: await challenge(), code: wrongTotpCode(secret) });
      expect(error?.code).toBe('mfa_verification_failed');
    }
    expect((await client.auth.mfa.verify({ factorId, challengeId: await challenge(), code: totpCode(secret) })).error).toBeNull();
    const { error } = await client.auth.mfa.verify({ factorId, challengeId: await challenge(), code: wrongTotpCode(secret) });
    expect(error?.code).toBe('mfa_verification_failed'); // 422 again, not 429
  });
});

describe('an organization that requires a second factor, through the gateway', () => {
  it('is invisible at aal1 except in my_memberships, and opens once the session has verified a code', async () => {
    const strict = await seedOrg(stack, 'Strict Co', { requireMfa: true });
    const client = await stack.client(strict.users.auditor);

    const { data: memberships } = await client.rpc('my_memberships');
    expect(memberships).toEqual([
      {
        org_id: strict.id,
        org_name: 'Strict Co',
        role: 'auditor',
        require_mfa: true,
        display_name: 'Aldo Auditor',
        allow_self_approval: false,
      },
    ]);
    const pull = await client.rpc('pull', { p_org_id: strict.id, p_cursor: null, p_schema_version: 2 });
    expect(pull.data).toMatchObject({ status: 'mfa_required' });
    const members = await client.rpc('org_members', { p_org_id: strict.id });
    expect(members.status).toBe(403);
    expect(members.error).toMatchObject({ code: '42501', message: 'not a member of this organization' });
    expect((await client.storage.from('evidence-files').list(strict.id)).data).toEqual([]);

    await enrolVerifiedTotp(client);
    const after = await client.rpc('pull', { p_org_id: strict.id, p_cursor: null, p_schema_version: 2 });
    expect(after.data).toMatchObject({ status: 'ok', role: 'auditor' });
    const { data: people } = await client.rpc('org_members', { p_org_id: strict.id });
    expect((people as { display_name: string }[]).map((p) => p.display_name)).toEqual([
      'Adam Admin',
      'Aldo Auditor',
      'Cora Compliance',
      'Olivia Owner',
      'Vera Viewer',
    ]);
  });

  it('lets an admin turn the requirement on only from an aal2 session', async () => {
    const relaxed = await seedOrg(stack, 'Relaxed Co');
    const admin = await stack.client(relaxed.users.admin);
    const early = await admin.rpc('set_org_require_mfa', { p_org_id: relaxed.id, p_required: true });
    expect(early.status).toBe(403);
    expect(early.error?.code).toBe('42501');
    await enrolVerifiedTotp(admin);
    const { data, error } = await admin.rpc('set_org_require_mfa', { p_org_id: relaxed.id, p_required: true });
    expect(error).toBeNull();
    expect(data).toBe(true);
    const viewer = await stack.client(relaxed.users.viewer);
    expect((await viewer.rpc('my_memberships')).data).toMatchObject([{ org_id: relaxed.id, require_mfa: true }]);
    expect((await viewer.rpc('pull', { p_org_id: relaxed.id, p_cursor: null, p_schema_version: 2 })).data).toMatchObject({
      status: 'mfa_required',
    });
  });
});
