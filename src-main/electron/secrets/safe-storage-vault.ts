/**
 * The session vault of the Electron app: secrets encrypted with safeStorage in main (the only
 * process that has it), in one file in the data folder. On Linux, when safeStorage falls back to
 * `basic_text` (no keyring: the "encryption" is a fixed key), the session is kept in memory only
 * unless the user accepts the risk in Settings (DESIGN §6). Takes safeStorage as a parameter, so
 * the decisions are tested without the Electron binary.
 */
import { createVault } from '../../core/secrets/vault';
import { fileBackend } from '../../core/secrets/file-backend';
import type { SecretStore } from '../../core/secrets/secret-store';

/** The parts of Electron's safeStorage the vault uses (electron.d.ts: SafeStorage). */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  /** Linux only in Electron; absent elsewhere. */
  getSelectedStorageBackend?(): string;
}

const WEAK_BACKENDS = new Set(['basic_text', 'unknown']);

export function safeStorageProtection(
  safeStorage: SafeStorageLike,
  platform: NodeJS.Platform,
): { encrypted: boolean; explanation: string } {
  if (!safeStorage.isEncryptionAvailable()) {
    return {
      encrypted: false,
      explanation:
        'This computer offers no way to encrypt your session, so it is kept in memory: you sign in again after a restart.',
    };
  }
  if (platform === 'linux') {
    const backend = safeStorage.getSelectedStorageBackend?.() ?? 'unknown';
    if (WEAK_BACKENDS.has(backend)) {
      return {
        encrypted: false,
        explanation:
          'No keyring (such as GNOME Keyring or KWallet) is available, so your session could only be stored unencrypted (basic_text). It is kept in memory: you sign in again after a restart.',
      };
    }
    return { encrypted: true, explanation: `Your session is encrypted with the system keyring (${backend}).` };
  }
  const where = platform === 'darwin' ? 'the macOS Keychain' : platform === 'win32' ? 'Windows DPAPI' : 'the system keyring';
  return { encrypted: true, explanation: `Your session is encrypted with ${where}.` };
}

export function safeStorageVault(
  safeStorage: SafeStorageLike,
  folder: string,
  platform: NodeJS.Platform = process.platform,
): SecretStore {
  const { encrypted, explanation } = safeStorageProtection(safeStorage, platform);
  return createVault(
    fileBackend({
      folder,
      protection: encrypted ? 'os-encrypted' : 'plaintext',
      explanation,
      codec: {
        // basic_text still goes through safeStorage when the user accepted it: no worse than plain.
        encode: (plain) => (safeStorage.isEncryptionAvailable() ? safeStorage.encryptString(plain) : Buffer.from(plain, 'utf8')),
        decode: (bytes) => (safeStorage.isEncryptionAvailable() ? safeStorage.decryptString(bytes) : bytes.toString('utf8')),
      },
    }),
  );
}
