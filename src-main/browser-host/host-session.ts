/**
 * The browser host's address and token, kept between runs in the data folder
 * (browser-host.json, mode 0600), so a tab left open reconnects after the host restarts: the
 * next run reuses the same port when it is free, and the same token. A file that is readable by
 * others, malformed, or not ours is ignored and replaced.
 */
import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface HostSession {
  port: number;
  token: string;
}

const FILE = 'browser-host.json';
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

export const sessionFile = (dataDir: string) => path.join(dataDir, FILE);

export function readHostSession(dataDir: string): HostSession | null {
  const file = sessionFile(dataDir);
  try {
    // Group or other may read it: the token is no secret any more, so it is not reused.
    if ((statSync(file).mode & 0o077) !== 0) return null;
    const value = JSON.parse(readFileSync(file, 'utf8')) as Partial<HostSession>;
    if (!Number.isInteger(value.port) || value.port! < 1024 || value.port! > 65535) return null;
    if (typeof value.token !== 'string' || !TOKEN.test(value.token)) return null;
    return { port: value.port!, token: value.token };
  } catch {
    return null;
  }
}

export function writeHostSession(dataDir: string, session: HostSession): void {
  const file = sessionFile(dataDir);
  writeFileSync(file, JSON.stringify(session), { mode: 0o600 });
  // writeFileSync keeps the mode of a file that already exists.
  chmodSync(file, 0o600);
}
