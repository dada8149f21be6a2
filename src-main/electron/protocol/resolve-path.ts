/**
 * Maps a request path of app://complyflow/… to a file inside the renderer folder, or refuses
 * it. Decoding happens once; after it, anything that could climb out of the folder or name a
 * different drive (.., backslashes, colons, NUL and other control characters) is refused
 * before the path is joined, and the joined path is checked to be inside the folder anyway.
 * The path module is a parameter so the Windows rules are tested on any machine.
 */
import nodePath from 'node:path';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.map': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
};

export interface ResolvedFile {
  /** Absolute path inside the root. */
  file: string;
  contentType: string;
}

type PathApi = Pick<typeof nodePath, 'join' | 'relative' | 'isAbsolute' | 'extname' | 'resolve'>;

const MAX_PATH_LENGTH = 1024;

/**
 * @param root     absolute renderer folder
 * @param pathname the URL's pathname as received (still percent-encoded)
 */
export function resolveAppPath(root: string, pathname: string, path: PathApi = nodePath): ResolvedFile | null {
  if (pathname.length > MAX_PATH_LENGTH) return null;
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f\\:]/.test(decoded)) return null;
  const segments = decoded.split('/').filter((segment) => segment !== '');
  if (segments.some((segment) => segment === '..' || segment === '.')) return null;

  // The app routes inside index.html (hash routes); a path without an extension is a route.
  const last = segments.at(-1) ?? '';
  if (segments.length === 0 || !last.includes('.')) segments.splice(0, segments.length, 'index.html');

  const base = path.resolve(root);
  const file = path.join(base, ...segments);
  const relative = path.relative(base, file);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return null;

  const contentType = CONTENT_TYPES[path.extname(file).toLowerCase()];
  return contentType ? { file, contentType } : null;
}
