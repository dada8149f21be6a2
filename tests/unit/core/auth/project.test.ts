import { describe, expect, it } from 'vitest';
import { checkAnonKey, checkProjectUrl, probeProject } from '../../../../src-main/core/auth/project';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

const jwt = (payload: object) =>
  [{ alg: 'HS256', typ: 'JWT' }, payload].map((p) => Buffer.from(JSON.stringify(p)).toString('base64url')).join('.') + '.c2ln';

describe('the project URL', () => {
  it('takes https and loopback http, without a path', () => {
    expect(checkProjectUrl('https://abc.supabase.co/')).toBe('https://abc.supabase.co');
    expect(checkProjectUrl(' http://127.0.0.1:54321 ')).toBe('http://127.0.0.1:54321');
    expect(checkProjectUrl('http://localhost:8000')).toBe('http://localhost:8000');
  });
  it.each([
    ['not a url', /not a web address/],
    ['http://example.com', /must start with https/],
    ['ftp://abc.supabase.co', /must start with https/],
    ['https://user:pw@abc.supabase.co', /user name or password/],
    ['https://abc.supabase.co/rest/v1', /without a path/],
    ['https://abc.supabase.co/?x=1', /query/],
    ['javascript:alert(1)', /must start with https/],
  ])('refuses %s in words', (url, words) => {
    expect(() => checkProjectUrl(url)).toThrow(words);
  });
});

describe('the anon key', () => {
  it('takes an anon JWT and a publishable key', () => {
    const anon = jwt({ role: 'anon', iss: 'supabase' });
    expect(checkAnonKey(` ${anon} `)).toBe(anon);
    expect(checkAnonKey('sb_publishable_abcdefghijklmnop')).toBe('sb_publishable_abcdefghijklmnop');
  });
  it.each([
    ['hello', /not a JWT/],
    ['a.b', /not a JWT/],
    [jwt({ role: 'service_role' }), /service-role key/],
    [jwt({ role: 'authenticated' }), /not an anon key/],
    [jwt({ sub: 'x' }), /not an anon key/],
    ['sb_secret_abcdefghijkl', /secret key/],
    ['eyJ.bm90IGpzb24.x', /not a JWT/],
  ])('refuses %s in words', (key, words) => {
    expect(() => checkAnonKey(key)).toThrow(words);
  });
});

describe('probing the project', () => {
  const serve = async (status: number, body: string, type = 'application/json') => {
    const server = createServer((_req, res) => res.writeHead(status, { 'content-type': type }).end(body));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => server.close() };
  };
  const key = jwt({ role: 'anon' });

  it('accepts an Auth service that serves its settings', async () => {
    const server = await serve(200, JSON.stringify({ external: { email: true }, disable_signup: false }));
    await expect(probeProject({ url: server.url, anonKey: key })).resolves.toBeUndefined();
    server.close();
  });
  it('says a server that answers but is no Supabase project is not one', async () => {
    const server = await serve(404, '<html>Not found</html>', 'text/html');
    await expect(probeProject({ url: server.url, anonKey: key })).rejects.toThrow(/answered, but it is not a Supabase project/);
    server.close();
  });
  it('says a refused key is refused', async () => {
    const server = await serve(401, JSON.stringify({ message: 'Invalid API key' }));
    await expect(probeProject({ url: server.url, anonKey: key })).rejects.toThrow(/refused this anon key/);
    server.close();
  });
  it('says an address where nothing listens cannot be reached', async () => {
    const server = await serve(200, '{}');
    const url = server.url;
    server.close();
    await expect(probeProject({ url, anonKey: key })).rejects.toMatchObject({
      code: 'OFFLINE',
      message: expect.stringMatching(/Cannot reach 127\.0\.0\.1:\d+: nothing is listening/),
    });
  });
});
