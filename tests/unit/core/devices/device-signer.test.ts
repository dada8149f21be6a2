/**
 * The device signer on a real replica file and the file secret backend: the local workspace makes
 * one key and keeps it across restarts; an organization signs with the key registered by
 * ensureDevice (register_device answered by an injected rpc); signatures verify with the public
 * key alone, and a changed byte or another key does not.
 */
import { createHash, createPublicKey, verify } from 'node:crypto';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LOCAL_ORG_ID } from '../../../../src-shared/domain/common';
import { openDatabase, type Db } from '../../../../src-main/core/db/database';
import { deviceKeyName, ensureDevice } from '../../../../src-main/core/devices/device-identity';
import {
  deviceSigner,
  keyFingerprint,
  LOCAL_DEVICE_SETTING,
  verifyDeviceSignature,
} from '../../../../src-main/core/devices/device-signer';
import { fileBackend, plainCodec } from '../../../../src-main/core/secrets/file-backend';
import { createVault } from '../../../../src-main/core/secrets/vault';
import type { SecretStore } from '../../../../src-main/core/secrets/secret-store';
import { tempDir } from '../../../support/temp-dir';

const ORG = '11111111-1111-4111-8111-111111111111';
const USER = '22222222-2222-4222-8222-222222222222';
const DEVICE = '33333333-3333-4333-8333-333333333333';

let dir: ReturnType<typeof tempDir>;
let db: Db;
const vault = (): SecretStore =>
  createVault(fileBackend({ folder: dir.path, protection: 'os-encrypted', explanation: 'test keyring', codec: plainCodec }));
const reopen = () => {
  db.close();
  db = openDatabase(path.join(dir.path, 'replica.sqlite'));
};
beforeEach(() => {
  dir = tempDir();
  db = openDatabase(path.join(dir.path, 'replica.sqlite'));
});
afterEach(() => {
  if (db.open) db.close();
  dir.remove();
});

const rawKeyOf = (publicKey: string) => Buffer.from(publicKey, 'base64url');

describe('the device signer in the local workspace', () => {
  it('makes one key, keeps its id in the replica and its private key in the secret store, and finds both after a restart', async () => {
    const first = await deviceSigner({ db, secrets: vault(), orgId: LOCAL_ORG_ID, userId: null });
    expect(first.deviceId).toMatch(/^[0-9a-f-]{36}$/);
    expect(rawKeyOf(first.publicKey)).toHaveLength(32);
    expect(first.fingerprint).toBe(createHash('sha256').update(rawKeyOf(first.publicKey)).digest('hex').slice(0, 16));
    const setting = db.prepare('SELECT value FROM settings WHERE key = ?').get(LOCAL_DEVICE_SETTING) as { value: string };
    expect(JSON.parse(setting.value)).toBe(first.deviceId);
    // The replica holds the id, never the private key.
    const dump = JSON.stringify(db.prepare('SELECT * FROM settings').all());
    expect(dump).not.toContain('PRIVATE KEY');

    reopen();
    const again = await deviceSigner({ db, secrets: vault(), orgId: LOCAL_ORG_ID, userId: null });
    expect(again.deviceId).toBe(first.deviceId);
    expect(again.publicKey).toBe(first.publicKey);
  });

  it('makes a single device when asked twice at once', async () => {
    const secrets = vault();
    const [a, b] = await Promise.all([
      deviceSigner({ db, secrets, orgId: LOCAL_ORG_ID, userId: null }),
      deviceSigner({ db, secrets, orgId: LOCAL_ORG_ID, userId: null }),
    ]);
    expect(a.deviceId).toBe(b.deviceId);
    expect(a.publicKey).toBe(b.publicKey);
  });

  it('starts a new device id with a new key when the stored key is gone, so one id never means two keys', async () => {
    const first = await deviceSigner({ db, secrets: vault(), orgId: LOCAL_ORG_ID, userId: null });
    const empty = createVault(
      fileBackend({ folder: path.join(dir.path, 'elsewhere'), protection: 'plaintext', explanation: '', codec: plainCodec }),
    );
    const second = await deviceSigner({ db, secrets: empty, orgId: LOCAL_ORG_ID, userId: null });
    expect(second.deviceId).not.toBe(first.deviceId);
    expect(second.publicKey).not.toBe(first.publicKey);
  });

  it('signs with Ed25519: the public key alone verifies, a changed byte or another key does not', async () => {
    const signer = await deviceSigner({ db, secrets: vault(), orgId: LOCAL_ORG_ID, userId: null });
    const bytes = Buffer.from('complyflow-capture-v1\nexample');
    const signature = signer.sign(bytes);
    expect(signature).toHaveLength(64);
    const key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: signer.publicKey }, format: 'jwk' });
    expect(verify(null, bytes, key, signature)).toBe(true);
    expect(verifyDeviceSignature(signer.publicKey, bytes, signature.toString('base64url'))).toBe(true);
    const changed = Buffer.from(bytes);
    changed[changed.length - 1] ^= 1;
    expect(verifyDeviceSignature(signer.publicKey, changed, signature.toString('base64url'))).toBe(false);

    const other = await deviceSigner({
      db: openDatabase(path.join(dir.path, 'other.sqlite')),
      secrets: vault(),
      orgId: LOCAL_ORG_ID,
      userId: null,
    });
    expect(verifyDeviceSignature(other.publicKey, bytes, signature.toString('base64url'))).toBe(false);
    expect(verifyDeviceSignature('not a key', bytes, signature.toString('base64url'))).toBe(false);
    expect(verifyDeviceSignature(signer.publicKey, bytes, 'short')).toBe(false);
  });
});

describe('the device signer in an organization', () => {
  it('signs with the key registered for this org and user, under the id the server answered', async () => {
    const secrets = vault();
    let registered: Record<string, unknown> | null = null;
    const deviceId = await ensureDevice(
      db,
      {
        secrets,
        rpc: async (name, args) => {
          expect(name).toBe('register_device');
          registered = args;
          return DEVICE;
        },
      },
      ORG,
      USER,
    );
    expect(deviceId).toBe(DEVICE);
    const signer = await deviceSigner({ db, secrets: vault(), orgId: ORG, userId: USER });
    expect(signer.deviceId).toBe(DEVICE);
    expect(signer.publicKey).toBe(registered!.p_public_key);
    expect(signer.fingerprint).toBe(keyFingerprint(signer.publicKey));
    expect(await secrets.get(deviceKeyName(ORG, USER))).toContain('PRIVATE KEY');
    const signature = signer.sign(Buffer.from('manifest'));
    expect(
      verifyDeviceSignature(String(registered!.p_public_key), Buffer.from('manifest'), signature.toString('base64url')),
    ).toBe(true);
  });

  it('refuses in words before registration, without a user, for another user, and when the key is gone', async () => {
    await expect(deviceSigner({ db, secrets: vault(), orgId: ORG, userId: USER })).rejects.toThrow(/not registered/);
    await expect(deviceSigner({ db, secrets: vault(), orgId: ORG, userId: null })).rejects.toThrow(/Sign in/);
    const secrets = vault();
    await ensureDevice(db, { secrets, rpc: async () => DEVICE }, ORG, USER);
    const otherUser = '44444444-4444-4444-8444-444444444444';
    await expect(deviceSigner({ db, secrets, orgId: ORG, userId: otherUser })).rejects.toThrow(/not registered/);
    await secrets.remove(deviceKeyName(ORG, USER));
    await expect(deviceSigner({ db, secrets, orgId: ORG, userId: USER })).rejects.toThrow(/device key is not kept/);
    // Nothing was written to the replica by the refusals.
    expect(db.prepare('SELECT count(*) AS n FROM settings WHERE key = ?').get(LOCAL_DEVICE_SETTING)).toEqual({ n: 0 });
  });
});
