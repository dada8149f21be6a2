// gateway.tamper(mode), the test-only switch that makes the stand-in misbehave so the app's
// tests can see what it does with a broken server: each mode does what it says, and null
// brings the gateway back to normal.
import { decodeJwt } from 'jose';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { seedOrg, type SeededOrg } from '../../support/seed.ts';
import { startStack, supabaseClient, type Stack } from '../../support/stack.ts';

let stack: Stack;
let org: SeededOrg;

beforeAll(async () => {
  stack = await startStack();
  org = await seedOrg(stack, 'Tamper Co');
});

afterEach(() => stack.gateway.tamper(null));

afterAll(async () => {
  await stack?.stop();
});

async function signIn() {
  const client = supabaseClient(stack.supabaseUrl, stack.anonKey);
  const { data, error } = await client.auth.signInWithPassword(org.users.viewer);
  if (error) throw error;
  return { client, session: data.session! };
}

describe('gateway.tamper', () => {
  it("'expired-tokens': sign-in answers an access token that is already expired, which the API refuses", async () => {
    stack.gateway.tamper('expired-tokens');
    const { client, session } = await signIn();
    expect(decodeJwt(session.access_token).exp!).toBeLessThan(Date.now() / 1000);
    const { status, error } = await client.rpc('my_memberships');
    expect(status).toBe(401);
    expect(error).toMatchObject({ code: 'PGRST303', message: 'JWT expired' });
    // A refresh is answered the same way.
    const { data: refreshed } = await client.auth.refreshSession();
    expect(decodeJwt(refreshed.session!.access_token).exp!).toBeLessThan(Date.now() / 1000);
  });

  it("'forged-tokens': tokens are signed with a key the project does not have, and are refused", async () => {
    stack.gateway.tamper('forged-tokens');
    const { client, session } = await signIn();
    expect(decodeJwt(session.access_token).sub).toBe(org.users.viewer.id);
    const { status, error } = await client.rpc('my_memberships');
    expect(status).toBe(401);
    expect(error?.code).toBe('PGRST301');
    const { error: userError } = await client.auth.getUser();
    expect(userError?.status).toBe(403);
    expect(userError?.code).toBe('bad_jwt');
  });

  it("'not-uuid-memberships': my_memberships answers org ids that are not UUIDs, other RPCs are untouched", async () => {
    const { client } = await signIn();
    stack.gateway.tamper('not-uuid-memberships');
    const { data } = await client.rpc('my_memberships');
    const ids = (data as { org_id: string; org_name: string }[]).map((m) => m.org_id);
    expect(ids).toHaveLength(1);
    expect(ids[0]).not.toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
    expect((data as { org_name: string }[])[0]!.org_name).toBe('Tamper Co');
    const pull = await client.rpc('pull', { p_org_id: org.id, p_cursor: null, p_schema_version: 2 });
    expect(pull.data).toMatchObject({ status: 'ok' });
  });

  it('null brings back valid tokens and memberships', async () => {
    stack.gateway.tamper('forged-tokens');
    stack.gateway.tamper(null);
    const { client, session } = await signIn();
    expect(decodeJwt(session.access_token).exp!).toBeGreaterThan(Date.now() / 1000);
    const { data, error } = await client.rpc('my_memberships');
    expect(error).toBeNull();
    expect(data).toMatchObject([{ org_id: org.id }]);
  });

  it('refuses an unknown mode in words', () => {
    expect(() => stack.gateway.tamper('slow' as never)).toThrow(/unknown tamper mode "slow"/);
  });
});
