/**
 * The app:// protocol: registered privileged (standard, secure) before the app is ready, then
 * served from the packaged renderer folder with our CSP on every response. Nothing else is
 * served: other hosts, other methods, paths outside the folder (by name, or through a symbolic
 * link) get an empty 4xx. Electron's objects are parameters, so
 * tests/unit/electron/protocol.test.ts serves real files through a fake session.
 */
import { readFile, realpath } from 'node:fs/promises';
import path from 'node:path';
import type { Protocol, Session } from 'electron';
import { APP_CONTENT_SECURITY_POLICY } from './security/csp';
import { APP_HOST, APP_SCHEME } from './security/app-origin';
import { resolveAppPath } from './protocol/resolve-path';

/**
 * Must run before app 'ready'. Standard + secure gives app://complyflow a real origin (storage,
 * module scripts, 'self' in the CSP). corsEnabled stays off on purpose: it would let other
 * origins read our files.
 */
export function registerAppScheme(protocol: Pick<Protocol, 'registerSchemesAsPrivileged'>): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
  ]);
}

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': APP_CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'cache-control': 'no-cache',
};

const refuse = (status: number) => new Response(null, { status, headers: SECURITY_HEADERS });

function isInside(root: string, file: string): boolean {
  const relative = path.relative(root, file);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}

/** Answers one app:// request from `rendererDir`. */
export function rendererHandler(rendererDir: string): (request: Request) => Promise<Response> {
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return refuse(405);
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return refuse(400);
    }
    if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return refuse(404);
    const resolved = resolveAppPath(rendererDir, url.pathname);
    if (!resolved) return refuse(404);
    try {
      // The name is inside the folder; the file it names must be too (a symlink may point out).
      const [root, file] = await Promise.all([realpath(rendererDir), realpath(resolved.file)]);
      if (!isInside(root, file)) return refuse(404);
      const body = await readFile(file);
      return new Response(request.method === 'HEAD' ? null : body, {
        status: 200,
        headers: { ...SECURITY_HEADERS, 'content-type': resolved.contentType },
      });
    } catch {
      return refuse(404);
    }
  };
}

export function serveRenderer(session: Pick<Session, 'protocol'>, rendererDir: string): void {
  session.protocol.handle(APP_SCHEME, rendererHandler(rendererDir));
}
