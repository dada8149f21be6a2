/**
 * The app:// protocol: registered privileged (standard, secure) before the app is ready, then
 * served from the packaged renderer folder with our CSP on every response. Nothing else is
 * served: other hosts, other methods and paths outside the folder get an empty 4xx.
 */
import { readFile } from 'node:fs/promises';
import { protocol, type Session } from 'electron';
import { APP_CONTENT_SECURITY_POLICY } from './security/csp';
import { APP_HOST, APP_SCHEME } from './security/app-origin';
import { resolveAppPath } from './protocol/resolve-path';

/**
 * Must run before app 'ready'. Standard + secure gives app://complyflow a real origin (storage,
 * module scripts, 'self' in the CSP). corsEnabled stays off on purpose: it would let other
 * origins read our files.
 */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
  ]);
}

const SECURITY_HEADERS = {
  'content-security-policy': APP_CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'cache-control': 'no-cache',
};

const refuse = (status: number) => new Response(null, { status, headers: SECURITY_HEADERS });

export function serveRenderer(session: Session, rendererDir: string): void {
  session.protocol.handle(APP_SCHEME, async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return refuse(405);
    const url = new URL(request.url);
    if (url.host !== APP_HOST) return refuse(404);
    const resolved = resolveAppPath(rendererDir, url.pathname);
    if (!resolved) return refuse(404);
    try {
      const body = await readFile(resolved.file);
      return new Response(request.method === 'HEAD' ? null : body, {
        status: 200,
        headers: { ...SECURITY_HEADERS, 'content-type': resolved.contentType },
      });
    } catch {
      return refuse(404);
    }
  });
}
