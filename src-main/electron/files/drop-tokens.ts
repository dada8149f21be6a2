/**
 * Files the user dropped on a window, as main knows them: one-time tokens, each bound to one
 * path and to that file's identity (device, inode, size, modification time) when it was dropped.
 *
 * Why tokens, and why main asks first. The preload turns a dropped File into its path with
 * `webUtils.getPathForFile` and sends the paths of one drop to main. Main cannot tell a real drop
 * from a message a compromised renderer made up (the renderer process is the one that would be
 * compromised, preload included), so a path from the renderer is never enough to make the core
 * read a file: main checks it (a regular file, not the app's own data folder, not a system
 * pseudo-file), then asks the user in a native dialog naming the files ("Add 2 files as
 * evidence?"), which no script in the page can answer. Only then does it mint a token per file.
 * The page gets tokens, never paths; the core redeems a token once (`redeem-drop`), and main
 * refuses it when the file is no longer the one the user confirmed.
 */
import { randomBytes } from 'node:crypto';
import { realpathSync, statSync, type Stats } from 'node:fs';
import path from 'node:path';
import { isInside } from './shell-request';

/** How long a dropped file's token waits for the core to stage it. */
export const DROP_TOKEN_TTL_MS = 10 * 60 * 1000;
/** Most files one drop may hand over. */
export const MAX_DROPPED_FILES = 50;

interface DroppedFile {
  path: string;
  identity: string;
  mintedAt: number;
}

/** Never readable as evidence, whatever the renderer says: kernel and device pseudo-files. */
const SYSTEM_ROOTS = ['/proc', '/sys', '/dev'];

const identityOf = (stats: Stats) => `${stats.dev}:${stats.ino}:${stats.size}:${stats.mtimeMs}`;

export type CheckedDrop = { ok: true; path: string; name: string; sizeBytes: number } | { ok: false; message: string };

/** Whether a path the renderer reports as dropped may be offered to the user at all. */
export function checkDroppedPath(candidate: unknown, dataDir: string): CheckedDrop {
  if (typeof candidate !== 'string' || candidate.length === 0 || candidate.length > 4096 || candidate.includes('\0'))
    return { ok: false, message: 'A dropped item has no usable path (drop files from a folder).' };
  if (!path.isAbsolute(candidate)) return { ok: false, message: 'A dropped item has no usable path (drop files from a folder).' };
  let real: string;
  let stats: Stats;
  try {
    real = realpathSync(candidate);
    stats = statSync(real);
  } catch {
    return { ok: false, message: `“${path.basename(candidate)}” is no longer there.` };
  }
  const name = path.basename(candidate);
  if (!stats.isFile()) return { ok: false, message: `“${name}” is not a file (a folder or a device).` };
  const root = realpathSync(path.resolve(dataDir));
  if (real === root || isInside(root, real))
    return { ok: false, message: `“${name}” is one of ComplyFlow’s own files: it cannot be added as evidence.` };
  if (SYSTEM_ROOTS.some((system) => real === system || isInside(system, real)))
    return { ok: false, message: `“${name}” is a system file, not a document: it cannot be added as evidence.` };
  return { ok: true, path: real, name, sizeBytes: stats.size };
}

export function createDropTokens(nowMs: () => number = Date.now) {
  const tokens = new Map<string, DroppedFile>();
  const sweep = () => {
    for (const [token, file] of tokens) if (file.mintedAt < nowMs() - DROP_TOKEN_TTL_MS) tokens.delete(token);
  };
  return {
    /** A token for a checked path the user confirmed. */
    mint(checkedPath: string): string {
      sweep();
      const token = randomBytes(32).toString('base64url');
      tokens.set(token, { path: checkedPath, identity: identityOf(statSync(checkedPath)), mintedAt: nowMs() });
      return token;
    },
    /** The path, once; refused when unknown, used, expired, or the file changed since it was confirmed. */
    redeem(token: string): { ok: true; path: string } | { ok: false; message: string } {
      sweep();
      const file = tokens.get(token);
      tokens.delete(token);
      if (!file) return { ok: false, message: 'That dropped file is not known (or was added already): drop it again.' };
      let now: Stats;
      try {
        now = statSync(file.path);
      } catch {
        return { ok: false, message: `“${path.basename(file.path)}” was moved or deleted after it was dropped.` };
      }
      if (identityOf(now) !== file.identity)
        return { ok: false, message: `“${path.basename(file.path)}” changed after it was dropped: drop it again.` };
      return { ok: true, path: file.path };
    },
  };
}

/** Main's one registry (one main process per app). */
export const dropTokens = createDropTokens();
