// The stand-in gateway speaks Supabase's protocol to an unmodified supabase-js: GoTrue's
// password and refresh-token grants with rotating refresh tokens, PostgREST's rpc calls and
// error shapes, and edge functions served by real Deno.
import type { SupabaseClient } from '@supabase/supabase-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedOrg, type SeededOrg } from '../../support/seed.ts';
import { startStack, supabaseClient, type Stack } from '../../support/stack.ts';
import { registerDevice, send, sessionOf, signed } from '../functions/signed-client.ts';

let stack: Stack;
let org: SeededOrg;

beforeAll(async () => {
  stack = await startStack({ functions: true });
  org = await seedOrg(stack, 'Acme');
});

afterAll(async () => {
  await stack?.stop();
});

async function refresh(refreshToken: string) {
  const response = await fetch(`${stack.supabaseUrl}/auth/v1/token?grant_type=refresh_token`, {
    method: 'POST',
    headers: { apikey: stack.anonKey, 'content-type': 'application/json' },
    body: JSON.stringify({ refresh_token: refreshToken }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('auth', () => {
  it('signs in with a password and answers a GoTrue session', async () => {
    const client = supabaseClient(stack.supabaseUrl, stack.anonKey);
    const { data, error } = await client.auth.signInWithPassword({
      email: org.users.viewer.email,
      password: org.users.viewer.password,
    });
    expect(error).toBeNull();
    expect(data.user?.id).toBe(org.users.viewer.id);
    expect(data.session?.token_type).toBe('bearer');
    expect(data.session?.expires_in).toBe(3600);
    const { data: user } = await client.auth.getUser();
    expect(user.user?.email).toBe(org.users.viewer.email);
  });

  it('refuses a wrong password', async () => {
    const client = supabaseClient(stack.supabaseUrl, stack.anonKey);
    const { data, error } = await client.auth.signInWithPassword({ email: org.users.viewer.email, password: 'wrong' });
    expect(data.session).toBeNull();
    expect(error?.status).toBe(400);
    expect(error?.message).toBe('Invalid login credentials');
  });

  it('rotates refresh tokens: each is good once, and reusing a spent one ends the session', async () => {
    const client = supabaseClient(stack.supabaseUrl, stack.anonKey);
    const { data } = await client.auth.signInWithPassword({
      email: org.users.auditor.email,
      password: org.users.auditor.password,
    });
    const first = data.session!.refresh_token;
    const { data: refreshed, error } = await client.auth.refreshSession();
    expect(error).toBeNull();
    const second = refreshed.session!.refresh_token;
    expect(second).not.toBe(first);
    expect(refreshed.user?.id).toBe(org.users.auditor.id);

    const reuse = await refresh(first);
    expect(reuse.status).toBe(400);
    expect(reuse.body.error_code).toBe('refresh_token_already_used');
    // The reuse revoked the whole session: the newest token no longer works either.
    const after = await refresh(second);
    expect(after.status).toBe(400);
  });
});

describe('sign-out', () => {
  it('ends the session: its refresh token and the user endpoint no longer work (scope local)', async () => {
    const client = await stack.client(org.users.admin);
    const { data } = await client.auth.getSession();
    const { access_token: accessToken, refresh_token: refreshToken } = data.session!;
    const { error } = await client.auth.signOut({ scope: 'local' });
    expect(error).toBeNull();
    const reuse = await refresh(refreshToken);
    expect(reuse.status).toBe(400);
    expect(reuse.body.error_code).toBe('refresh_token_not_found');
    const user = await fetch(`${stack.supabaseUrl}/auth/v1/user`, {
      headers: { apikey: stack.anonKey, authorization: `Bearer ${accessToken}` },
    });
    expect(user.status).toBe(403);
    expect(((await user.json()) as { error_code: string }).error_code).toBe('session_not_found');
  });

  it("global sign-out ends every one of the user's sessions", async () => {
    const first = await stack.client(org.users.auditor);
    const second = await stack.client(org.users.auditor);
    expect((await second.auth.signOut()).error).toBeNull(); // supabase-js defaults to scope global
    const { error } = await first.auth.getUser();
    expect(error).not.toBeNull();
  });
});

describe('rpc', () => {
  let owner: SupabaseClient;
  beforeAll(async () => {
    owner = await stack.client(org.users.owner);
  });

  it('calls a function with named arguments as the signed-in user', async () => {
    const { data, error } = await owner.rpc('my_memberships');
    expect(error).toBeNull();
    expect(data).toEqual([
      {
        org_id: org.id,
        org_name: 'Acme',
        role: 'owner',
        require_mfa: false,
        display_name: 'Olivia Owner',
        allow_self_approval: false,
      },
    ]);
  });

  it('answers PostgREST error shapes: 401 for anon, 404 for an unknown function, 400 for a bad argument', async () => {
    const anon = supabaseClient(stack.supabaseUrl, stack.anonKey);
    const denied = await anon.rpc('pull', { p_org_id: org.id, p_schema_version: 2 });
    expect(denied.status).toBe(401);
    expect(denied.error?.code).toBe('42501');

    const missing = await owner.rpc('drop_everything' as never);
    expect(missing.status).toBe(404);
    expect(missing.error?.code).toBe('PGRST202');

    const bad = await owner.rpc('pull', { p_org_id: 'not-a-uuid', p_schema_version: 2 });
    expect(bad.status).toBe(400);
    expect(bad.error?.code).toBe('22P02');
    expect(bad.error).toHaveProperty('details');
    expect(bad.error).toHaveProperty('hint');
  });

  it('refuses a token signed with another secret', async () => {
    const forged = supabaseClient(
      stack.supabaseUrl,
      'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJyb2xlIjoic2VydmljZV9yb2xlIn0.c2lnbmVkLXdpdGgtYW5vdGhlci1zZWNyZXQ',
    );
    const { status, error } = await forged.rpc('my_memberships');
    expect(status).toBe(401);
    expect(error?.code).toBe('PGRST301');
  });
});

describe('edge functions', () => {
  it('proxies /functions/v1 to Deno, which checks the signed request and reads through rpc', async () => {
    const officer = org.users.compliance_officer;
    const device = await registerDevice(stack, officer, org.id);
    const { token } = await sessionOf(stack, officer);
    const { status, body } = await send(stack, signed(device, { token }));
    expect(status).toBe(200);
    expect(body).toEqual({
      user_id: officer.id,
      email: officer.email,
      device_id: device.id,
      org_id: org.id,
      memberships: [
        {
          org_id: org.id,
          org_name: 'Acme',
          role: 'compliance_officer',
          require_mfa: false,
          display_name: 'Cora Compliance',
          allow_self_approval: false,
        },
      ],
    });
  });

  it('refuses a caller without a session, and a signed-in caller who does not sign', async () => {
    const anon = supabaseClient(stack.supabaseUrl, stack.anonKey);
    const { error } = await anon.functions.invoke('session-info', { method: 'POST', body: {} });
    expect((error as { context?: Response }).context?.status).toBe(401);
    expect(await (error as { context: Response }).context.json()).toMatchObject({ code: 'missing_token' });
    const client = await stack.client(org.users.compliance_officer);
    const unsigned = await client.functions.invoke('session-info', { method: 'POST', body: {} });
    expect(await (unsigned.error as { context: Response }).context.json()).toMatchObject({ code: 'missing_signature_headers' });
  });
});
