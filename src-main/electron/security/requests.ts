/**
 * Which requests the app's session lets through (webRequest.onBeforeRequest): our own app://
 * pages and what they make in memory (blob: of our origin, data:), and DevTools' own pages in
 * development. Everything else — http(s), ws(s), file:, ftp:, another app:// host — is
 * cancelled: the renderer reaches the core over a MessagePort and has no business elsewhere.
 */
import { APP_ORIGIN, isAppUrl } from './app-origin';

export function allowsRequest(url: unknown): boolean {
  if (typeof url !== 'string') return false;
  if (isAppUrl(url)) return true;
  if (url.startsWith('data:')) return true;
  if (url.startsWith('blob:')) return url.startsWith(`blob:${APP_ORIGIN}/`);
  return url.startsWith('devtools://devtools/');
}
