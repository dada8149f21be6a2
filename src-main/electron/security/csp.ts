/**
 * The Content-Security-Policy sent with every response of the app:// protocol. The renderer
 * talks to the core over a MessagePort, never over the network, so nothing may be fetched,
 * framed or posted anywhere; scripts come only from our own packaged files.
 */
const DIRECTIVES: ReadonlyArray<readonly [string, string]> = [
  ['default-src', "'none'"],
  ['script-src', "'self'"],
  // CodeMirror inserts its theme as <style> elements.
  ['style-src', "'self' 'unsafe-inline'"],
  ['img-src', "'self' data: blob:"],
  ['font-src', "'self'"],
  // Voice summaries arrive through the API as bytes and play from a blob: URL.
  ['media-src', 'blob:'],
  ['connect-src', "'none'"],
  ['worker-src', "'none'"],
  // Evidence PDFs preview in an iframe of a blob: URL made from bytes the core verified.
  ['frame-src', 'blob:'],
  ['object-src', "'none'"],
  ['manifest-src', "'none'"],
  ['base-uri', "'none'"],
  ['form-action', "'none'"],
  ['frame-ancestors', "'none'"],
];

export const APP_CONTENT_SECURITY_POLICY = DIRECTIVES.map(([name, value]) => `${name} ${value}`).join('; ');
