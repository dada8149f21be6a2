/**
 * The browser host answers only a page it served itself: the WebSocket needs this run's token,
 * the host's own Origin and Host; static files stay inside the renderer folder.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startBrowserHost, type BrowserHost } from '../../../src-main/browser-host/server';
import { tempDir } from '../../support/temp-dir';

let dir: ReturnType<typeof tempDir>;
let host: BrowserHost;
let rendererDir: string;

beforeAll(async () => {
  dir = tempDir();
  rendererDir = path.join(dir.path, 'renderer');
  mkdirSync(path.join(rendererDir, 'assets'), { recursive: true });
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>ComplyFlow</title>');
  writeFileSync(path.join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(path.join(dir.path, 'secret.txt'), 'do not serve');
  host = await startBrowserHost({ dataDir: path.join(dir.path, 'data'), rendererDir });
});
afterAll(async () => {
  await host.close();
  dir.remove();
});

function get(
  pathname: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  const url = new URL(host.origin);
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, path: pathname, headers, method: 'GET' }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

function connect(url: string, origin?: string): Promise<{ opened: boolean; socket?: WebSocket; status?: number }> {
  return new Promise((resolve) => {
    const socket = new WebSocket(url, origin ? { origin } : {});
    socket.once('open', () => resolve({ opened: true, socket }));
    socket.once('unexpected-response', (_req, res) => resolve({ opened: false, status: res.statusCode }));
    socket.once('error', () => resolve({ opened: false }));
  });
}

const wsUrl = (token: string) => `${host.origin.replace('http', 'ws')}/api?token=${encodeURIComponent(token)}`;

describe('browser host', () => {
  it('listens on 127.0.0.1 only and prints a URL carrying the token in the fragment', () => {
    expect(host.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(host.url).toBe(`${host.origin}/#token=${host.token}`);
    expect(host.token.length).toBeGreaterThanOrEqual(40);
  });

  it('serves the renderer with a strict CSP', async () => {
    const res = await get('/');
    expect(res.status).toBe(200);
    expect(res.body).toContain('<title>ComplyFlow</title>');
    expect(String(res.headers['content-security-policy'])).toContain("script-src 'self'");
    expect(String(res.headers['content-security-policy'])).toContain("default-src 'none'");
  });

  it.each(['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt', '/..%5csecret.txt', '/%00.js'])(
    'does not serve %s outside the renderer folder',
    async (p) => {
      const res = await get(p);
      expect(res.body).not.toContain('do not serve');
    },
  );

  it('refuses requests with a foreign Host header (DNS rebinding)', async () => {
    const res = await get('/', { host: 'evil.example:80' });
    expect(res.status).toBe(421);
  });

  it('accepts the API socket with the token and its own Origin, and answers calls', async () => {
    const { opened, socket } = await connect(wsUrl(host.token), host.origin);
    expect(opened).toBe(true);
    const answer = await new Promise<unknown>((resolve) => {
      socket!.once('message', (data) => resolve(JSON.parse(String(data))));
      socket!.send(JSON.stringify({ kind: 'call', id: 7, ns: 'app', method: 'workspace', input: {} }));
    });
    expect(answer).toMatchObject({
      kind: 'result',
      id: 7,
      result: { ok: true, value: { kind: 'local', name: 'Local workspace' } },
    });
    socket!.close();
  });

  it.each([
    ['no token', () => wsUrl(''), () => host.origin],
    ['a wrong token', () => wsUrl('x'.repeat(43)), () => host.origin],
    ['another site as Origin', () => wsUrl(host.token), () => 'http://evil.example'],
    ['a lookalike Origin', () => wsUrl(host.token), () => `${host.origin}.evil.example`],
    ['no Origin', () => wsUrl(host.token), () => undefined],
  ])('refuses the API socket with %s', async (_name, url, origin) => {
    const result = await connect(url(), origin());
    expect(result.opened).toBe(false);
  });

  it('answers malformed socket messages without crashing and keeps serving', async () => {
    const { socket } = await connect(wsUrl(host.token), host.origin);
    const answers: unknown[] = [];
    socket!.on('message', (data) => answers.push(JSON.parse(String(data))));
    socket!.send('not json');
    socket!.send(JSON.stringify({ kind: 'call', id: 1, ns: 'policies', method: 'create', input: { title: 5 } }));
    socket!.send(JSON.stringify({ kind: 'call', id: 2, ns: 'app', method: 'workspace', input: {} }));
    await expect.poll(() => answers.length).toBe(2);
    expect(answers[0]).toMatchObject({ id: 1, result: { ok: false, error: { code: 'INVALID_INPUT' } } });
    expect(answers[1]).toMatchObject({ id: 2, result: { ok: true } });
    socket!.close();
  });
});
