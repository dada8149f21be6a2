// Edge function logic under Deno with fetch and the environment stubbed: run with
// `npm run test:functions`. The signed-request checks are in signed-request.test.ts.
import { requireEnv } from '../../supabase/functions/_shared/env.ts';
import { requireUser } from '../../supabase/functions/_shared/auth.ts';
import type { Caller } from '../../supabase/functions/_shared/guard.ts';
import { sessionInfo } from '../../supabase/functions/session-info/handler.ts';

function assertEquals(actual: unknown, expected: unknown, message = ''): void {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  if (a !== e) throw new Error(`${message} expected ${e}, got ${a}`);
}

async function assertRejects(fn: () => Promise<unknown>, pattern: RegExp): Promise<void> {
  try {
    await fn();
  } catch (error) {
    if (!pattern.test((error as Error).message)) throw new Error(`wrong error: ${(error as Error).message}`);
    return;
  }
  throw new Error('expected a rejection');
}

const TOKEN = 'aaa.bbb.ccc';

function stubFetch(routes: Record<string, (init?: RequestInit) => Response>): typeof fetch {
  return ((input: string | URL | Request, init?: RequestInit) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const route = Object.keys(routes).find((r) => url.endsWith(r));
    if (!route) return Promise.resolve(new Response('not found', { status: 404 }));
    return Promise.resolve(routes[route]!(init));
  }) as typeof fetch;
}

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

Deno.test('requireUser refuses a request without a well-formed bearer token', async () => {
  const fetchFn = stubFetch({});
  await assertRejects(() => requireUser(new Request('http://f/'), 'http://s', 'anon', fetchFn), /missing bearer token/);
  const junk = new Request('http://f/', { headers: { authorization: 'Bearer not a jwt' } });
  await assertRejects(() => requireUser(junk, 'http://s', 'anon', fetchFn), /missing bearer token/);
});

Deno.test('requireUser asks Auth about the token and refuses what Auth refuses', async () => {
  const req = new Request('http://f/', { headers: { authorization: `Bearer ${TOKEN}` } });
  const refused = stubFetch({ '/auth/v1/user': () => new Response('{}', { status: 401 }) });
  await assertRejects(() => requireUser(req, 'http://s', 'anon', refused), /invalid or expired session/);
  const accepted = stubFetch({
    '/auth/v1/user': (init) => {
      assertEquals(new Headers(init?.headers).get('authorization'), `Bearer ${TOKEN}`);
      return Response.json({ id: 'u1', email: 'a@b.test' });
    },
  });
  assertEquals(await requireUser(req, 'http://s', 'anon', accepted), { id: 'u1', email: 'a@b.test', token: TOKEN });
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
