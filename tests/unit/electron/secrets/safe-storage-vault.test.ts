/**
 * The Electron vault's decisions against a fake of Electron's safeStorage (no binary here): on
 * Linux with the basic_text backend the session stays in memory until the user accepts the risk.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  safeStorageProtection,
  safeStorageVault,
  type SafeStorageLike,
} from '../../../../src-main/electron/secrets/safe-storage-vault';
import { answerSecretRequest } from '../../../../src-main/electron/secrets/serve-secrets';

function fakeSafeStorage(backend: string, available = true): SafeStorageLike & { encrypted: number } {
  const fake = {
    encrypted: 0,
    isEncryptionAvailable: () => available,
    getSelectedStorageBackend: () => backend,
    encryptString(plain: string) {
      fake.encrypted += 1;
      return Buffer.concat([Buffer.from('v11'), Buffer.from(plain).reverse()]);
    },
    decryptString(bytes: Buffer) {
      if (bytes.subarray(0, 3).toString() !== 'v11')
        throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      return Buffer.from(bytes.subarray(3)).reverse().toString();
    },
  };
  return fake;
}

const folder = () => mkdtempSync(path.join(os.tmpdir(), 'complyflow-safe-'));

describe('the Electron session vault', () => {
  it('encrypts with safeStorage where a keyring exists', async () => {
    const dir = folder();
    const safe = fakeSafeStorage('gnome_libsecret');
    const vault = safeStorageVault(safe, dir, 'linux');
    await vault.set('complyflow.session.x', 'the-refresh-token');
    expect(safe.encrypted).toBeGreaterThan(0);
    expect(readFileSync(path.join(dir, 'secrets.bin')).toString()).not.toContain('the-refresh-token');
    expect(await vault.status()).toMatchObject({ protection: 'os-encrypted', persistent: true });
    expect(await safeStorageVault(safe, dir, 'linux').get('complyflow.session.x')).toBe('the-refresh-token');
  });

  it('refuses to persist with basic_text on Linux, says why, and persists only after the user accepts', async () => {
    const dir = folder();
    const safe = fakeSafeStorage('basic_text');
    const vault = safeStorageVault(safe, dir, 'linux');
    await vault.set('complyflow.session.x', 'the-refresh-token');
    const status = await vault.status();
    expect(status).toMatchObject({ protection: 'memory', persistent: false, canAcceptRisk: true, riskAccepted: false });
    expect(status.explanation).toMatch(/No keyring [^]*basic_text[^]*kept in memory/);
    expect(existsSync(path.join(dir, 'secrets.bin'))).toBe(false);
    expect(await safeStorageVault(safe, dir, 'linux').get('complyflow.session.x')).toBeNull();

    await vault.acceptRisk(true);
    expect(await safeStorageVault(safe, dir, 'linux').get('complyflow.session.x')).toBe('the-refresh-token');
  });

  it('says which OS facility protects the session elsewhere, and when none can', () => {
    expect(safeStorageProtection(fakeSafeStorage('unknown'), 'darwin')).toMatchObject({
      encrypted: true,
      explanation: expect.stringMatching(/Keychain/),
    });
    expect(safeStorageProtection(fakeSafeStorage('unknown'), 'win32')).toMatchObject({
      encrypted: true,
      explanation: expect.stringMatching(/DPAPI/),
    });
    expect(safeStorageProtection(fakeSafeStorage('kwallet5'), 'linux')).toMatchObject({ encrypted: true });
    expect(safeStorageProtection(fakeSafeStorage('unknown'), 'linux')).toMatchObject({ encrypted: false });
    expect(safeStorageProtection(fakeSafeStorage('gnome_libsecret', false), 'linux')).toMatchObject({ encrypted: false });
  });

  it('answers the core’s requests, and refuses malformed ones without touching the store', async () => {
    const dir = folder();
    const vault = safeStorageVault(fakeSafeStorage('gnome_libsecret'), dir, 'linux');
    expect(await answerSecretRequest(vault, { type: 'secrets', id: 1, request: { op: 'set', key: 'k', value: 'v' } })).toEqual({
      type: 'secrets-result',
      id: 1,
      ok: true,
      value: null,
    });
    expect(await answerSecretRequest(vault, { type: 'secrets', id: 2, request: { op: 'get', key: 'k' } })).toEqual({
      type: 'secrets-result',
      id: 2,
      ok: true,
      value: 'v',
    });
    for (const bad of [
      { type: 'secrets', id: 3, request: { op: 'set', key: '../../etc/passwd', value: 'x' } },
      { type: 'secrets', id: 4, request: { op: 'set', key: 'k', value: 'x'.repeat(70_000) } },
      { type: 'secrets', id: 5, request: { op: 'drop-all' } },
      { type: 'secrets', id: 6 },
    ]) {
      expect(await answerSecretRequest(vault, bad)).toMatchObject({ ok: false, message: 'malformed secrets request' });
    }
    expect(await vault.get('k')).toBe('v');
    expect(await answerSecretRequest(vault, { type: 'connect' })).toBeNull();
  });
});
