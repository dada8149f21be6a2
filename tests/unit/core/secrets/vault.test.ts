import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileBackend, plainCodec } from '../../../../src-main/core/secrets/file-backend';
import { createVault } from '../../../../src-main/core/secrets/vault';

const folder = () => mkdtempSync(path.join(os.tmpdir(), 'complyflow-vault-'));
const xorCodec = {
  encode: (s: string) => Buffer.from(Buffer.from(s).map((b) => b ^ 0x5a)),
  decode: (b: Buffer) => Buffer.from(b.map((x) => x ^ 0x5a)).toString(),
};

describe('the session vault', () => {
  it('keeps secrets on disk, encoded, when the OS encrypts them, and reads them back after a restart', async () => {
    const dir = folder();
    const backend = () => fileBackend({ folder: dir, protection: 'os-encrypted', explanation: 'keyring', codec: xorCodec });
    const vault = createVault(backend());
    await vault.set('session', 'refresh-token-123');
    expect(await vault.status()).toMatchObject({ protection: 'os-encrypted', persistent: true, canAcceptRisk: false });
    const file = path.join(dir, 'secrets.bin');
    expect(readFileSync(file).toString()).not.toContain('refresh-token-123');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(await createVault(backend()).get('session')).toBe('refresh-token-123');
  });

  it('keeps secrets in memory only when they cannot be encrypted, until the user accepts the risk', async () => {
    const dir = folder();
    const backend = () => fileBackend({ folder: dir, protection: 'plaintext', explanation: 'no keyring', codec: plainCodec });
    const vault = createVault(backend());
    await vault.set('session', 'refresh-token-abc');
    expect(await vault.status()).toMatchObject({
      protection: 'memory',
      persistent: false,
      canAcceptRisk: true,
      riskAccepted: false,
      explanation: 'no keyring',
    });
    expect(existsSync(path.join(dir, 'secrets.bin'))).toBe(false);
    expect(await createVault(backend()).get('session')).toBeNull();

    expect(await vault.acceptRisk(true)).toMatchObject({ protection: 'plaintext', persistent: true, riskAccepted: true });
    expect(await createVault(backend()).get('session')).toBe('refresh-token-abc');

    // Taking the choice back deletes the file; the session stays for this run only.
    await vault.acceptRisk(false);
    expect(existsSync(path.join(dir, 'secrets.bin'))).toBe(false);
    expect(await vault.get('session')).toBe('refresh-token-abc');
    expect(await createVault(backend()).get('session')).toBeNull();
  });

  it('removes a secret from disk, and a damaged file reads as nothing stored', async () => {
    const dir = folder();
    const backend = fileBackend({ folder: dir, protection: 'os-encrypted', explanation: '', codec: xorCodec });
    const vault = createVault(backend);
    await vault.set('a', '1');
    await vault.remove('a');
    expect(await createVault(backend).get('a')).toBeNull();
    const broken = fileBackend({
      folder: dir,
      protection: 'os-encrypted',
      explanation: '',
      codec: { ...xorCodec, decode: () => 'not json' },
    });
    await vault.set('a', '1');
    expect(await createVault(broken).get('a')).toBeNull();
  });
});
