/**
 * Who may talk to the browser host: only a page served by this host (its exact Origin and
 * Host), holding this run's random token. Guards against other local sites, other users'
 * browsers and DNS rebinding.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';

export const newToken = () => randomBytes(32).toString('base64url');

export function tokensEqual(expected: string, given: string | null | undefined): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

export interface HostIdentity {
  origin: string;
  host: string;
  token: string;
}

export function isAllowedUpgrade(identity: HostIdentity, headers: { origin?: string; host?: string }, url: string): boolean {
  if (headers.origin !== identity.origin || headers.host !== identity.host) return false;
  const token = new URL(url, identity.origin).searchParams.get('token');
  return tokensEqual(identity.token, token);
}

export const contentSecurityPolicy = (origin: string) =>
  [
    "default-src 'none'",
    "script-src 'self'",
    // CodeMirror inserts its theme as <style> elements.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    // Voice summaries play from a blob: URL made from the MP3 the core keeps.
    'media-src blob:',
    "font-src 'self'",
    // The API socket, and the upload endpoint evidence files stream to (upload-route.ts).
    `connect-src 'self' ${origin.replace(/^http/, 'ws')}`,
    // Evidence PDFs preview in an iframe of a blob: URL made from bytes the core verified.
    'frame-src blob:',
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
