// complyflow-request-v1 under Deno: the shared test vector (the Node test checks the same file),
// the header and timestamp checks, and serveSigned's order of checks with the database answered
// by a stubbed fetch (the real database is in tests/integration/functions/tamper-matrix.test.ts).
import { SignJWT } from 'npm:jose@6';
import { serveSigned, type Caller } from '../../supabase/functions/_shared/guard.ts';
import {
  canonicalBytes,
  checkTimestamp,
  fromBase64Url,
  GuardError,
  parseSignatureHeaders,
  sha256Hex,
  signedPath,
  verifySignature,
} from '../../supabase/functions/_shared/signed-request.ts';

function assertEquals(actual: unknown, expected: unknown, message = ''): void {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  if (a !== e) throw new Error(`${message} expected ${e}, got ${a}`);
}

const vector = JSON.parse(await Deno.readTextFile(new URL('../fixtures/signed-request-vector.json', import.meta.url))) as {
  privateKeySeedHex: string;
  publicKey: string;
  deviceId: string;
  method: string;
  path: string;
  timestamp: string;
  nonce: string;
  bodyBase64: string;
  bodySha256: string;
  signedText: string;
  signature: string;
};
const vectorBody = Uint8Array.from(atob(vector.bodyBase64), (c) => c.charCodeAt(0));
const toB64Url = (bytes: Uint8Array) =>
  btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
const hex = (text: string) => Uint8Array.from(text.match(/../g)!.map((h) => parseInt(h, 16)));

/** The vector's private key in WebCrypto: PKCS#8 wrapping of the 32-byte seed. */
async function vectorKey(): Promise<CryptoKey> {
  const pkcs8 = new Uint8Array([...hex('302e020100300506032b657004220420'), ...hex(vector.privateKeySeedHex)]);
  return await crypto.subtle.importKey('pkcs8', pkcs8, { name: 'Ed25519' }, false, ['sign']);
}
const signWith = async (key: CryptoKey, bytes: Uint8Array<ArrayBuffer>) =>
  toB64Url(new Uint8Array(await crypto.subtle.sign({ name: 'Ed25519' }, key, bytes)));

Deno.test('the test vector: same bytes and the same signature as node:crypto made', async () => {
  assertEquals(await sha256Hex(vectorBody), vector.bodySha256);
  const bytes = canonicalBytes({ ...vector, bodySha256: vector.bodySha256 });
  assertEquals(new TextDecoder().decode(bytes), vector.signedText);
  assertEquals(await verifySignature(vector.publicKey, bytes, fromBase64Url(vector.signature)), true);
  // Ed25519 is deterministic: WebCrypto signing the same bytes with the same key gives Node's signature.
  assertEquals(await signWith(await vectorKey(), bytes), vector.signature);
});

Deno.test('a change to any signed line, or another key, fails verification', async () => {
  const signature = fromBase64Url(vector.signature);
  const base = { ...vector, bodySha256: vector.bodySha256 };
  const changes = [
    { method: 'PUT' },
    { path: '/functions/v1/ai-draft-policy/stream?lang=de&q=a%20b' },
    { timestamp: String(Number(vector.timestamp) + 1) },
    { nonce: 'AAECAwQFBgcICQoLDA0OEA' },
    { bodySha256: await sha256Hex(new TextEncoder().encode('{}')) },
  ];
  for (const change of changes) {
    assertEquals(
      await verifySignature(vector.publicKey, canonicalBytes({ ...base, ...change }), signature),
      false,
      JSON.stringify(change),
    );
  }
  const other = (await crypto.subtle.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify'])) as CryptoKeyPair;
  const otherPublic = toB64Url(new Uint8Array(await crypto.subtle.exportKey('raw', other.publicKey)));
  assertEquals(await verifySignature(otherPublic, canonicalBytes(base), signature), false);
  assertEquals(await verifySignature('not a key', canonicalBytes(base), signature), false);
});

Deno.test('the method is upper-cased and a line with a newline is refused', () => {
  const base = { ...vector, bodySha256: vector.bodySha256 };
  assertEquals(new TextDecoder().decode(canonicalBytes({ ...base, method: 'post' })), vector.signedText);
  try {
    canonicalBytes({ ...base, path: '/functions/v1/x\nGET' });
    throw new Error('no error');
  } catch (error) {
    assertEquals((error as Error).message, 'a signed line cannot contain a newline');
  }
});

Deno.test('signedPath puts back /functions/v1 and keeps the query string byte for byte', () => {
  assertEquals(signedPath(new URL('http://127.0.0.1:9/session-info')), '/functions/v1/session-info');
  assertEquals(
    signedPath(new URL('http://h/ai-draft-policy/stream?lang=en&q=a%20b')),
    '/functions/v1/ai-draft-policy/stream?lang=en&q=a%20b',
  );
});

const goodHeaders = () =>
  new Headers({
    'x-complyflow-device': vector.deviceId,
    'x-complyflow-timestamp': vector.timestamp,
    'x-complyflow-nonce': vector.nonce,
    'x-complyflow-signature': vector.signature,
    'x-complyflow-app-version': '1.2.3',
  });

function expectGuard(fn: () => unknown, code: string, words: RegExp): void {
  try {
    fn();
  } catch (error) {
    if (!(error instanceof GuardError)) throw error;
    assertEquals(error.code, code);
    if (!words.test(error.message)) throw new Error(`message ${error.message} does not match ${words}`);
    return;
  }
  throw new Error(`expected ${code}`);
}

Deno.test('parseSignatureHeaders reads the four headers and names what is missing or malformed', () => {
  const parsed = parseSignatureHeaders(goodHeaders());
  assertEquals(
    [parsed.deviceId, parsed.timestamp, parsed.nonce, parsed.signature.length, parsed.appVersion],
    [vector.deviceId, Number(vector.timestamp), vector.nonce, 64, '1.2.3'],
  );
  const without = goodHeaders();
  without.delete('x-complyflow-nonce');
  without.delete('x-complyflow-signature');
  expectGuard(
    () => parseSignatureHeaders(without),
    'missing_signature_headers',
    /missing x-complyflow-nonce, x-complyflow-signature/,
  );
  const bad: [string, string, RegExp][] = [
    ['x-complyflow-device', 'laptop', /device uuid/],
    ['x-complyflow-timestamp', '17646408.5', /Unix seconds/],
    ['x-complyflow-timestamp', '-5', /Unix seconds/],
    ['x-complyflow-nonce', 'AAECAwQFBgcICQoLDA0O', /16 to 96 random bytes/],
    ['x-complyflow-nonce', 'AAECAwQFBgcICQoLDA0ODw==', /base64url/],
    ['x-complyflow-signature', vector.signature.slice(0, 40), /64-byte/],
    ['x-complyflow-signature', vector.signature.replace(/^./, '+'), /base64url/],
  ];
  for (const [name, value, words] of bad) {
    const headers = goodHeaders();
    headers.set(name, value);
    expectGuard(() => parseSignatureHeaders(headers), 'missing_signature_headers', words);
  }
});

Deno.test('a timestamp within 300 s either way passes; 301 s is stale', () => {
  for (const skew of [-300, 0, 300]) checkTimestamp(1000 + skew, 1000);
  for (const skew of [-301, 301]) expectGuard(() => checkTimestamp(1000 + skew, 1000), 'stale_timestamp', /300 seconds/);
});

// ---- serveSigned against a stubbed database ------------------------------------------------

const SECRET = 'test-secret-test-secret-test-secret';
const USER = '11111111-2222-4333-8444-555555555555';
const ORG = '99999999-8888-4777-8666-555555555555';
const env = new Map([
  ['SUPABASE_URL', 'http://db.test'],
  ['SUPABASE_ANON_KEY', 'anon-key'],
  ['SUPABASE_SERVICE_ROLE_KEY', 'service-key'],
  ['SUPABASE_JWT_SECRET', SECRET],
]);
const NOW = Number(vector.timestamp);

const token = (claims: Record<string, unknown>, expSeconds = NOW + 3600) =>
  new SignJWT({ role: 'authenticated', email: 'a@b.test', aud: 'authenticated', sub: USER, ...claims })
    .setProtectedHeader({ alg: 'HS256' })
    .setExpirationTime(expSeconds)
    .sign(new TextEncoder().encode(SECRET));

interface Db {
  device: { user_id: string; org_id: string; public_key: string; revoked_at: string | null } | null;
  nonces: Set<string>;
  seen: { p_seen: boolean; p_app_version: string | null }[];
}

async function withDb<T>(db: Db, fn: () => Promise<T>): Promise<T> {
  const real = globalThis.fetch;
  globalThis.fetch = (async (input: string | URL | Request, init?: RequestInit) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const args = JSON.parse(String(init?.body ?? '{}'));
    if (url.endsWith('/rest/v1/rpc/device_for_request')) return Response.json(db.device ? [db.device] : []);
    if (url.endsWith('/rest/v1/rpc/claim_request_nonce')) {
      const fresh = !db.nonces.has(args.p_nonce);
      db.nonces.add(args.p_nonce);
      if (fresh) db.seen.push({ p_seen: args.p_seen, p_app_version: args.p_app_version });
      return Response.json(fresh);
    }
    return new Response('no route', { status: 404 });
  }) as typeof fetch;
  try {
    return await fn();
  } finally {
    globalThis.fetch = real;
  }
}

async function signedRequest(options: {
  method?: string;
  path?: string;
  body?: string;
  nonce?: string;
  timestamp?: string;
  jwt?: string | null;
}) {
  const method = options.method ?? 'POST';
  const path = options.path ?? '/functions/v1/echo?x=1';
  const body = new TextEncoder().encode(options.body ?? '{"hello":"world"}');
  const timestamp = options.timestamp ?? String(NOW);
  const nonce = options.nonce ?? toB64Url(crypto.getRandomValues(new Uint8Array(16)));
  const bytes = canonicalBytes({ method, path, timestamp, nonce, bodySha256: await sha256Hex(body) });
  const headers = new Headers({
    'x-complyflow-device': vector.deviceId,
    'x-complyflow-timestamp': timestamp,
    'x-complyflow-nonce': nonce,
    'x-complyflow-signature': await signWith(await vectorKey(), bytes),
    'x-complyflow-app-version': '0.9.0',
    'content-type': 'application/json',
  });
  const jwt = options.jwt === undefined ? await token({}) : options.jwt;
  if (jwt !== null) headers.set('authorization', `Bearer ${jwt}`);
  return { method, path, body, headers };
}

const send = (
  handler: (req: Request) => Promise<Response>,
  r: { method: string; path: string; body: Uint8Array<ArrayBuffer>; headers: Headers },
  actualPath = r.path,
) =>
  handler(
    new Request(`http://fn${actualPath.replace('/functions/v1', '')}`, {
      method: r.method,
      headers: r.headers,
      body: r.method === 'GET' ? undefined : r.body,
    }),
  );

const freshDb = (device: Partial<NonNullable<Db['device']>> | null = {}): Db => ({
  device: device === null ? null : { user_id: USER, org_id: ORG, public_key: vector.publicKey, revoked_at: null, ...device },
  nonces: new Set(),
  seen: [],
});

Deno.test('serveSigned passes a correct request with the caller and a body it can read again', async () => {
  let seen: Caller | null = null;
  const handler = serveSigned(
    async (req, caller) => {
      seen = caller;
      return Response.json({ echoed: await req.json() });
    },
    { get: (name) => env.get(name) },
    () => NOW + 120,
  );
  const db = freshDb();
  const request = await signedRequest({});
  const answer = await withDb(db, () => send(handler, request));
  assertEquals(answer.status, 200);
  assertEquals(await answer.json(), { echoed: { hello: 'world' } });
  const caller = seen as unknown as Caller;
  assertEquals(
    [caller.userId, caller.email, caller.deviceId, caller.orgId, new TextDecoder().decode(caller.body)],
    [USER, 'a@b.test', vector.deviceId, ORG, '{"hello":"world"}'],
  );
  assertEquals(db.seen, [{ p_seen: true, p_app_version: '0.9.0' }]);
  assertEquals(answer.headers.get('access-control-allow-origin'), '*');
});

Deno.test('serveSigned refuses in the issue order, each with its 401 code, and runs no handler', async () => {
  let ran = 0;
  const handler = serveSigned(
    async () => (ran++, new Response('ran')),
    { get: (name) => env.get(name) },
    () => NOW,
  );
  const cases: [string, Db, Awaited<ReturnType<typeof signedRequest>>, string?][] = [
    ['missing_token', freshDb(), await signedRequest({ jwt: null })],
    ['invalid_token', freshDb(), await signedRequest({ jwt: 'a.b.c' })],
    ['missing_token', freshDb(), await signedRequest({ jwt: await token({ role: 'anon', aud: undefined, sub: undefined }) })],
    ['invalid_token', freshDb(), await signedRequest({ jwt: await token({ aud: 'other' }) })],
    ['invalid_token', freshDb(), await signedRequest({ jwt: await token({ sub: undefined }) })],
    [
      'invalid_token',
      freshDb(),
      await signedRequest({
        jwt: await new SignJWT({ aud: 'authenticated', sub: USER })
          .setProtectedHeader({ alg: 'HS256' })
          .setExpirationTime(NOW + 60)
          .sign(new TextEncoder().encode('another-secret-another-secret-another')),
      }),
    ],
    ['expired_token', freshDb(), await signedRequest({ jwt: await token({}, NOW - 10) })],
    ['unknown_device', freshDb(null), await signedRequest({})],
    ['device_revoked', freshDb({ revoked_at: '2026-01-01T00:00:00Z' }), await signedRequest({})],
    ['stale_timestamp', freshDb(), await signedRequest({ timestamp: String(NOW - 301) })],
    ['stale_timestamp', freshDb(), await signedRequest({ timestamp: String(NOW + 301) })],
    ['bad_signature', freshDb(), await signedRequest({}), '/functions/v1/echo?x=2'],
    ['bad_signature', freshDb({ public_key: toB64Url(new Uint8Array(32).fill(9)) }), await signedRequest({})],
  ];
  for (const [code, db, request, path] of cases) {
    const answer = await withDb(db, () => send(handler, request, path));
    assertEquals(answer.status, 401, code);
    const body = await answer.json();
    assertEquals(body.code, code);
    if (typeof body.message !== 'string' || body.message.length < 10) throw new Error(`no words for ${code}`);
  }
  const noHeaders = new Headers({ authorization: `Bearer ${await token({})}` });
  const bare = await withDb(freshDb(), () =>
    handler(new Request('http://fn/echo', { method: 'POST', headers: noHeaders, body: '{}' })),
  );
  assertEquals([bare.status, (await bare.json()).code], [401, 'missing_signature_headers']);
  // A replay: the same signed request twice; the second is refused and the device not marked again.
  const db = freshDb();
  const once = await signedRequest({});
  assertEquals((await withDb(db, () => send(handler, once))).status, 200);
  const again = await withDb(db, () => send(handler, once));
  assertEquals([again.status, (await again.json()).code], [401, 'replayed_nonce']);
  assertEquals(db.seen.length, 1);
  assertEquals(ran, 1);
  // A bad signature still uses its nonce but does not mark the device as seen.
  const tampered = freshDb();
  await withDb(tampered, () => send(handler, once, '/functions/v1/echo?x=9'));
  assertEquals(tampered.seen, [{ p_seen: false, p_app_version: '0.9.0' }]);
});

Deno.test('serveSigned answers preflight with the signature headers allowed', async () => {
  const answer = await serveSigned(async () => new Response('no'))(new Request('http://fn/echo', { method: 'OPTIONS' }));
  assertEquals(answer.status, 204);
  if (!answer.headers.get('access-control-allow-headers')?.includes('x-complyflow-signature'))
    throw new Error('header not allowed');
});
