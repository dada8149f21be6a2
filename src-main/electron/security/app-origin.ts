/**
 * The one origin our own pages load from: app://complyflow, a privileged standard scheme
 * served from the packaged renderer folder. Everything that decides "is this us?" asks here.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'complyflow';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

function parse(raw: unknown): URL | null {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > 8192) return null;
  try {
    return new URL(raw);
  } catch {
    return null;
  }
}

/**
 * True only for app://complyflow/… exactly: no other host, no port, no credentials. Node's
 * parser keeps a non-special scheme's host as written, so `app://COMPLYFLOW` is refused rather
 * than folded; Chromium always hands us the canonical lower-case form.
 */
export function isAppUrl(raw: unknown): boolean {
  const url = parse(raw);
  return (
    url !== null &&
    url.protocol === `${APP_SCHEME}:` &&
    url.host === APP_HOST &&
    url.port === '' &&
    url.username === '' &&
    url.password === ''
  );
}
