/**
 * Serves the built renderer from one folder. A request path is resolved inside that folder or
 * refused; unknown paths fall back to index.html so the app's own routes load.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

export interface StaticFile {
  body: Buffer;
  type: string;
  isIndex: boolean;
}

export async function readStatic(root: string, urlPath: string): Promise<StaticFile | null> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const resolved = path.resolve(root, `.${path.posix.normalize(`/${decoded}`)}`);
  if (resolved !== root && !resolved.startsWith(root + path.sep)) return null;
  const ext = path.extname(resolved);
  if (ext && TYPES[ext]) {
    try {
      return { body: await readFile(resolved), type: TYPES[ext], isIndex: ext === '.html' };
    } catch {
      if (ext !== '.html') return null;
    }
  }
  try {
    return { body: await readFile(path.join(root, 'index.html')), type: TYPES['.html'], isIndex: true };
  } catch {
    return null;
  }
}
