// createFunctionCaller with its dependencies injected: what it sends (address, token, apikey,
// signature over exactly the bytes sent) and how it answers a revoked device, a lost session,
// a lost connection and every other status.
import { generateKeyPairSync, sign, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AppError, ErrorCode } from '../../../../src-shared/errors';
import {
  createFunctionCaller,
  functionPath,
  type FunctionCallerDeps,
} from '../../../../src-main/core/functions/create-function-caller';
import { canonicalRequestBytes } from '../../../../src-main/core/functions/signed-request';

const { publicKey, privateKey } = generateKeyPairSync('ed25519');
const DEVICE = '0b8f1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d';

interface Sent {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: Buffer | undefined;
}

function setUp(answer: (sent: Sent) => Response | Promise<Response>, overrides: Partial<FunctionCallerDeps> = {}) {
  const sent: Sent[] = [];
  let revoked = 0;
  const caller = createFunctionCaller({
    access: async () => ({ url: 'http://127.0.0.1:54321/', anonKey: 'anon-key', accessToken: 'user.jwt.token' }),
    signer: async () => ({ deviceId: DEVICE, sign: (bytes) => sign(null, bytes, privateKey) }),
    appVersion: '1.4.0',
    onRevoked: () => void revoked++,
    nowMs: () => 1_764_640_800_500,
    fetch: (async (url: string, init: RequestInit) => {
      const one = {
        url,
        method: init.method!,
        headers: init.headers as Record<string, string>,
        body: init.body === undefined ? undefined : Buffer.from(init.body as Uint8Array),
      };
      sent.push(one);
      return answer(one);
    }) as typeof fetch,
    ...overrides,
  });
  return { caller, sent, revoked: () => revoked };
}

const rejection = async (promise: Promise<unknown>): Promise<AppError> => {
  try {
    await promise;
  } catch (error) {
    return error as AppError;
  }
  throw new Error('expected a rejection');
};

describe('createFunctionCaller', () => {
  it('sends a signed JSON call with the token and apikey, and returns the answer as it came', async () => {
    const { caller, sent } = setUp(() => Response.json({ ok: true }, { status: 200 }));
    const response = await caller.call({
      name: 'ai-gap-analysis',
      subpath: '/run',
      query: { policy: 'p 1', lang: 'en' },
      body: { a: 'ü' },
    });
    expect(await response.json()).toEqual({ ok: true });
    const [one] = sent;
    expect(one!.url).toBe('http://127.0.0.1:54321/functions/v1/ai-gap-analysis/run?policy=p+1&lang=en');
    expect(one!.method).toBe('POST');
    expect(one!.headers).toMatchObject({
      authorization: 'Bearer user.jwt.token',
      apikey: 'anon-key',
      'content-type': 'application/json',
      'x-complyflow-app-version': '1.4.0',
      'x-complyflow-device': DEVICE,
      'x-complyflow-timestamp': '1764640800',
    });
    expect(one!.body!.toString('utf8')).toBe('{"a":"ü"}');
    const signed = canonicalRequestBytes({
      method: 'POST',
      path: '/functions/v1/ai-gap-analysis/run?policy=p+1&lang=en',
      timestamp: '1764640800',
      nonce: one!.headers['x-complyflow-nonce']!,
      body: one!.body!,
    });
    expect(verify(null, signed, publicKey, Buffer.from(one!.headers['x-complyflow-signature']!, 'base64url'))).toBe(true);
  });

  it('sends raw bytes with their content type, and a GET without a body', async () => {
    const { caller, sent } = setUp(() => new Response('fine'));
    await caller.call({
      name: 'voice-training',
      body: new Uint8Array([1, 2, 3]),
      contentType: 'multipart/form-data; boundary=x',
    });
    await caller.call({ name: 'session-info', method: 'GET' });
    expect(sent[0]!.headers['content-type']).toBe('multipart/form-data; boundary=x');
    expect([...sent[0]!.body!]).toEqual([1, 2, 3]);
    expect(sent[1]!.method).toBe('GET');
    expect(sent[1]!.body).toBeUndefined();
    expect(sent[1]!.headers['content-type']).toBeUndefined();
  });

  it('refuses a bad name, subpath or a GET with a body before sending anything', async () => {
    const { caller, sent } = setUp(() => new Response('no'));
    for (const call of [{ name: '../auth' }, { name: 'x', subpath: 'no-slash' }, { name: 'x', subpath: '/a/../b?c' }]) {
      expect((await rejection(caller.call(call))).code, JSON.stringify(call)).toBe(ErrorCode.InvalidInput);
    }
    expect((await rejection(caller.call({ name: 'x', method: 'GET', body: {} }))).message).toBe('A GET call has no body.');
    expect(sent).toEqual([]);
    expect(functionPath({ name: 'session-info' })).toBe('/functions/v1/session-info');
  });

  it('a revoked device pauses sync once and says so; the local work is kept', async () => {
    const { caller, revoked } = setUp(() => Response.json({ code: 'device_revoked', message: 'revoked' }, { status: 401 }));
    const error = await rejection(caller.call({ name: 'session-info' }));
    expect(error).toBeInstanceOf(AppError);
    expect(error.code).toBe(ErrorCode.Forbidden);
    expect(error.message).toMatch(/revoked for this organization: sync has stopped and your work here is kept/);
    expect(revoked()).toBe(1);
  });

  it('a refused token asks to sign in; other 401 codes and statuses come back to the feature', async () => {
    for (const code of ['missing_token', 'invalid_token', 'expired_token']) {
      const { caller, revoked } = setUp(() => Response.json({ code, message: 'x' }, { status: 401 }));
      expect((await rejection(caller.call({ name: 'session-info' }))).code).toBe(ErrorCode.Unauthenticated);
      expect(revoked()).toBe(0);
    }
    const bad = setUp(() => Response.json({ code: 'bad_signature', message: 'x' }, { status: 401 }));
    expect((await bad.caller.call({ name: 'session-info' })).status).toBe(401);
    const limited = setUp(() =>
      Response.json({ code: 'rate_limited', message: 'x' }, { status: 429, headers: { 'retry-after': '3' } }),
    );
    expect((await limited.caller.call({ name: 'ai-draft-policy' })).headers.get('retry-after')).toBe('3');
  });

  it('no connection: a clear Offline error, and no session: the access error as it is', async () => {
    let unreachable = 0;
    const down = setUp(
      () => {
        throw new TypeError('fetch failed');
      },
      { onUnreachable: () => void unreachable++ },
    );
    const error = await rejection(down.caller.call({ name: 'session-info' }));
    expect([error.code, error.message]).toEqual([
      ErrorCode.Offline,
      '127.0.0.1:54321 cannot be reached; this needs a connection.',
    ]);
    expect(unreachable).toBe(1);
    const signedOut = setUp(() => new Response('never'), {
      access: async () => {
        throw new AppError(ErrorCode.Unauthenticated, 'Sign in first.');
      },
    });
    expect((await rejection(signedOut.caller.call({ name: 'session-info' }))).message).toBe('Sign in first.');
    expect(signedOut.sent).toEqual([]);
  });
});
