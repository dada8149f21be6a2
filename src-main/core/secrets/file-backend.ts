/**
 * A vault backend over one file, written atomically (temp file, fsync, rename) with owner-only
 * permissions. The host decides whether the bytes are encrypted (Electron's safeStorage) or not
 * (the browser host, only after the user accepted the risk).
 */
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import type { VaultBackend } from './secret-store';

export interface Codec {
  encode(plain: string): Buffer;
  decode(bytes: Buffer): string;
}

export const plainCodec: Codec = { encode: (plain) => Buffer.from(plain, 'utf8'), decode: (bytes) => bytes.toString('utf8') };

function writeAtomic(file: string, bytes: Buffer): void {
  const temp = `${file}.tmp-${process.pid}`;
  const fd = openSync(temp, 'w', 0o600);
  try {
    writeSync(fd, bytes);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temp, file);
}

export function fileBackend(options: {
  folder: string;
  protection: VaultBackend['protection'];
  explanation: string;
  codec: Codec;
}): VaultBackend {
  const secretsFile = path.join(options.folder, 'secrets.bin');
  const riskFile = path.join(options.folder, 'secrets-risk-accepted');
  return {
    protection: options.protection,
    explanation: options.explanation,
    async load() {
      if (!existsSync(secretsFile)) return null;
      try {
        const parsed: unknown = JSON.parse(options.codec.decode(readFileSync(secretsFile)));
        if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return null;
        return Object.fromEntries(Object.entries(parsed).filter((e): e is [string, string] => typeof e[1] === 'string'));
      } catch {
        // Unreadable (another OS user, a changed keyring): the user signs in again; nothing is guessed.
        return null;
      }
    },
    save: async (secrets) => writeAtomic(secretsFile, options.codec.encode(JSON.stringify(secrets))),
    clear: async () => rmSync(secretsFile, { force: true }),
    loadRiskAccepted: async () => existsSync(riskFile),
    async saveRiskAccepted(accepted) {
      if (accepted) writeAtomic(riskFile, Buffer.from('The user accepted keeping the session unencrypted on this computer.\n'));
      else rmSync(riskFile, { force: true });
    },
  };
}
