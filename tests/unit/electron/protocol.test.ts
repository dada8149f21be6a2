/**
 * The app:// protocol (src-main/electron/protocol.ts) serving a real renderer folder through a
 * fake session: Electron's protocol.handle hands the handler a fetch Request and sends back the
 * Response it answers, so these are the bytes and headers a window would receive.
 */
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerAppScheme, serveRenderer } from '../../../src-main/electron/protocol';
import { APP_CONTENT_SECURITY_POLICY } from '../../../src-main/electron/security/csp';
import { tempDir } from '../../support/temp-dir';
import { FakeSession } from './support/fake-electron';

const temp = tempDir('complyflow-protocol-');
const renderer = path.join(temp.path, 'renderer');
const INDEX = '<!doctype html><title>ComplyFlow</title>';
let serve: (request: Request) => Promise<Response>;

beforeAll(() => {
  mkdirSync(path.join(renderer, 'assets'), { recursive: true });
  writeFileSync(path.join(renderer, 'index.html'), INDEX);
  writeFileSync(path.join(renderer, 'assets', 'index-Bx12.js'), 'console.log(1)');
  writeFileSync(path.join(renderer, 'assets', 'tool.exe'), 'MZ');
  // Outside the bundle, next to it: what a traversal or a symlink would reach.
  writeFileSync(path.join(temp.path, 'secret.txt'), 'refresh-token');
  mkdirSync(path.join(temp.path, 'outside'));
  writeFileSync(path.join(temp.path, 'outside', 'leak.js'), 'stolen()');
  symlinkSync(path.join(temp.path, 'secret.txt'), path.join(renderer, 'secret-link.txt'));
  symlinkSync(path.join(temp.path, 'outside'), path.join(renderer, 'linked-dir'));
  symlinkSync(path.join(renderer, 'assets', 'index-Bx12.js'), path.join(renderer, 'alias.js'));
  const session = new FakeSession();
  serveRenderer(session.asElectron(), renderer);
  const handler = session.protocols.get('app');
  if (!handler) throw new Error('app:// was not handled');
  serve = async (request) => handler(request);
});

afterAll(() => temp.remove());

const get = (url: string, init?: RequestInit) => serve(new Request(url, init));

function expectSecurityHeaders(response: Response) {
  expect(response.headers.get('content-security-policy')).toBe(APP_CONTENT_SECURITY_POLICY);
  expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  expect(response.headers.get('cross-origin-opener-policy')).toBe('same-origin');
  expect(response.headers.get('cross-origin-resource-policy')).toBe('same-origin');
  expect(response.headers.get('referrer-policy')).toBe('no-referrer');
}

describe('app:// serves the renderer folder', () => {
  it('serves index.html and assets with their types and our CSP', async () => {
    const page = await get('app://complyflow/index.html');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await page.text()).toBe(INDEX);
    expectSecurityHeaders(page);
    const script = await get('app://complyflow/assets/index-Bx12.js');
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await script.text()).toBe('console.log(1)');
    expectSecurityHeaders(script);
  });

  it('answers an app route (no extension) with index.html', async () => {
    const route = await get('app://complyflow/policies/123');
    expect(route.status).toBe(200);
    expect(await route.text()).toBe(INDEX);
  });

  it('answers HEAD without a body', async () => {
    const head = await get('app://complyflow/index.html', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    expectSecurityHeaders(head);
  });

  it('follows a symlink that stays inside the bundle', async () => {
    const alias = await get('app://complyflow/alias.js');
    expect(alias.status).toBe(200);
    expect(await alias.text()).toBe('console.log(1)');
  });
});

describe('app:// refuses, with the CSP still on the answer', () => {
  it.each(['POST', 'PUT', 'DELETE', 'OPTIONS'])('%s', async (method) => {
    const response = await get('app://complyflow/index.html', {
      method,
      ...(method === 'POST' || method === 'PUT' ? { body: 'x' } : {}),
    });
    expect(response.status).toBe(405);
    expectSecurityHeaders(response);
    expect(await response.text()).toBe('');
  });

  it.each([
    // another host of our scheme
    'app://evil/index.html',
    'app://complyflow.evil/index.html',
    // traversal, plain and encoded, out of the bundle to the secret beside it
    'app://complyflow/..%2fsecret.txt',
    'app://complyflow/assets/..%2f..%2fsecret.txt',
    'app://complyflow/%2e%2e%2fsecret.txt',
    'app://complyflow/assets%5c..%5c..%5csecret.txt',
    'app://complyflow/%252e%252e%252fsecret.txt',
    'app://complyflow/C:%5cWindows%5cwin.ini',
    'app://complyflow/secret.txt%00.js',
    // symbolic links inside the bundle that point out of it
    'app://complyflow/secret-link.txt',
    'app://complyflow/linked-dir/leak.js',
    // not a file of the bundle, or not a type we serve
    'app://complyflow/missing.js',
    'app://complyflow/assets/tool.exe',
  ])('%s → 404', async (url) => {
    const response = await get(url);
    expect(response.status).toBe(404);
    expectSecurityHeaders(response);
    const body = await response.text();
    expect(body).toBe('');
  });

  it('never hands out the files next to the bundle, whichever way the path is spelled', async () => {
    // WHATWG URL parsing folds ../ and %2e%2e/ before the handler sees them: they land inside.
    for (const url of [
      'app://complyflow/../secret.txt',
      'app://complyflow/%2e%2e/secret.txt',
      'app://complyflow/a/../../secret.txt',
    ]) {
      const response = await get(url);
      expect(new URL(url).pathname).toBe('/secret.txt');
      expect(response.status).toBe(404);
      expect(await response.text()).not.toContain('refresh-token');
    }
  });
});

describe('app:// registration', () => {
  it('is a standard, secure scheme without CORS, registered before ready', () => {
    const registered: unknown[] = [];
    registerAppScheme({ registerSchemesAsPrivileged: (schemes) => registered.push(...schemes) });
    expect(registered).toEqual([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
    ]);
  });
});
