/**
 * Which links may leave the app for the user's browser (shell.openExternal). Only https, only
 * hosts named here exactly, only the default port, no credentials. The URL handed to the OS is
 * the parsed and re-serialised one, never the raw string, so what we checked is what opens.
 */
export const EXTERNAL_HOSTS: readonly string[] = [
  'complyflow.example',
  'docs.complyflow.example',
  'support.complyflow.example',
  // Framework sources linked from controls (NIST OSCAL catalogs and publications).
  'csrc.nist.gov',
  'pages.nist.gov',
];

const MAX_URL_LENGTH = 2048;

/** The URL to open, or null when it is not allowed. */
export function toAllowedExternalUrl(raw: unknown, allowlist: readonly string[] = EXTERNAL_HOSTS): string | null {
  if (typeof raw !== 'string' || raw.length > MAX_URL_LENGTH) return null;
  // The URL parser silently drops tabs and newlines and trims control characters and spaces:
  // a string that needs that is not a link a person clicked.
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0020\u007f-\u009f\\]/.test(raw)) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' || url.username !== '' || url.password !== '' || url.port !== '') return null;
  // Exact host match: no suffix matching, no trailing-dot form, IDNs arrive as punycode and so
  // never equal an ASCII entry they imitate.
  if (!allowlist.includes(url.hostname)) return null;
  return url.href;
}
