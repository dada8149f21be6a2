import * as fs from 'node:fs';
import path from 'node:path';

/** Every file under a folder, relative to it (none when the folder does not exist). */
export function walk(root: string): string[] {
  if (!fs.existsSync(root)) return [];
  return fs
    .readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)));
}
