// Edge function logic under Deno with the environment and the database stubbed: run with
// `npm run test:functions`. The signed-request checks are in signed-request.test.ts.
import { requireEnv } from '../../supabase/functions/_shared/env.ts';
import type { Caller } from '../../supabase/functions/_shared/guard.ts';
import { sessionInfo } from '../../supabase/functions/session-info/handler.ts';

function assertEquals(actual: unknown, expected: unknown, message = ''): void {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  if (a !== e) throw new Error(`${message} expected ${e}, got ${a}`);
}

const TOKEN = 'aaa.bbb.ccc';

Deno.test('requireEnv names the missing variable', () => {
  const env = { get: (name: string) => (name === 'SET' ? 'value' : name === 'BLANK' ? '  ' : undefined) };
  assertEquals(requireEnv('SET', env), 'value');
  for (const name of ['MISSING', 'BLANK']) {
    try {
      requireEnv(name, env);
      throw new Error('no error');
    } catch (error) {
      assertEquals((error as Error).message, `missing environment variable ${name}`);
    }
  }
});

Deno.test('session-info answers the caller, their device and memberships, read as the caller', async () => {
  const rpcs: string[] = [];
  const db = {
    rpc: (name: string) => {
      rpcs.push(name);
      return Promise.resolve({ data: [{ org_id: 'o1', org_name: 'Acme', role: 'viewer' }], error: null });
    },
  };
  const caller = {
    userId: 'u1',
    email: 'a@b.test',
    token: TOKEN,
    deviceId: 'd1',
    orgId: 'o1',
    db,
    admin: null,
    body: new Uint8Array(),
  };
  const ok = await sessionInfo(new Request('http://f/session-info', { method: 'POST' }), caller as unknown as Caller);
  assertEquals(ok.status, 200);
  assertEquals(await ok.json(), {
    user_id: 'u1',
    email: 'a@b.test',
    device_id: 'd1',
    org_id: 'o1',
    memberships: [{ org_id: 'o1', org_name: 'Acme', role: 'viewer' }],
  });
  assertEquals(rpcs, ['my_memberships']);
  const wrongMethod = await sessionInfo(new Request('http://f/session-info', { method: 'DELETE' }), caller as unknown as Caller);
  assertEquals(wrongMethod.status, 405);
  const down = { ...caller, db: { rpc: () => Promise.resolve({ data: null, error: { message: 'boom' } }) } };
  const failed = await sessionInfo(new Request('http://f/session-info', { method: 'POST' }), down as unknown as Caller);
  assertEquals([failed.status, (await failed.json()).code], [502, 'database_unavailable']);
});
