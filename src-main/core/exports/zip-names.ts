/**
 * Names inside an audit package. Titles and file names come from users (and, after sync, from
 * other devices), so every name is rebuilt from a safe alphabet: no '..', no leading '/', no
 * backslashes, no control characters, no Windows device names, bounded length, unique.
 */

const WINDOWS_DEVICE = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?$/i;
const MAX_NAME = 100;

/** A lower-case ASCII slug for titles: "Q3 SOC 2 / Audit" → "q3-soc-2-audit". Never empty. */
export function slugify(text: string, max = 60, fallback = 'untitled'): string {
  const slug = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, max)
    .replace(/-+$/g, '');
  return slug && !WINDOWS_DEVICE.test(slug) ? slug : fallback;
}

/**
 * One path segment from a user's file name: keeps letters, digits and . _ - (Unicode letters
 * included), turns everything else into '_', strips leading dots, bounds the length while
 * keeping a short extension.
 */
export function safeFileName(name: string, fallback = 'file'): string {
  let clean = name
    .normalize('NFC')
    .replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, '')
    .replace(/[^\p{L}\p{N}._-]+/gu, '_')
    .replace(/\.{2,}/g, '.')
    .replace(/^[._]+/, '')
    .replace(/[. ]+$/, '');
  if (!clean) clean = fallback;
  if (WINDOWS_DEVICE.test(clean)) clean = `_${clean}`;
  if (clean.length > MAX_NAME) {
    const dot = clean.lastIndexOf('.');
    const ext = dot > 0 && clean.length - dot <= 10 ? clean.slice(dot) : '';
    clean = clean.slice(0, MAX_NAME - ext.length) + ext;
  }
  return clean;
}

/** Whether an entry name read from a zip could escape the folder it is extracted into. */
export function isUnsafeEntryName(name: string): boolean {
  if (name.length === 0 || name.length > 1024) return true;
  // ':' also covers drive letters and NTFS alternate data streams (x.pdf:hidden).
  if (name.startsWith('/') || name.includes('\\') || name.includes(':')) return true;
  if (/\p{Cc}/u.test(name)) return true;
  // A directory entry ends with one '/'; any other empty segment ('a//b') is refused.
  return name
    .replace(/\/$/, '')
    .split('/')
    .some((part) => part === '..' || part === '.' || part === '');
}

/** Hands out unique paths: a second "x.pdf" in the same folder becomes "x-2.pdf". */
export function uniqueNamer() {
  const used = new Set<string>();
  return (wanted: string): string => {
    let candidate = wanted;
    for (let n = 2; used.has(candidate.toLowerCase()); n++) {
      const slash = wanted.lastIndexOf('/');
      const dot = wanted.lastIndexOf('.');
      candidate = dot > slash + 1 ? `${wanted.slice(0, dot)}-${n}${wanted.slice(dot)}` : `${wanted}-${n}`;
    }
    used.add(candidate.toLowerCase());
    return candidate;
  };
}
