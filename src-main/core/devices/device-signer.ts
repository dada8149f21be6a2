/**
 * Signs with this computer's device key: evidence captures, audit package manifests (and, through
 * DEV's caller, requests). In an organization it is the key registered with `register_device`
 * (device-identity.ts: private key in the SecretStore under deviceKeyName, device id in
 * sync_state). In the local workspace there is no server: a key pair is made once, its private key
 * kept in the SecretStore and its device id (a local uuid) in the replica's local-only settings
 * table, so a package exported from the local workspace is signed too. The public key and its
 * fingerprint travel with every signature, so anyone can verify without asking the server.
 */
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  randomUUID,
  sign as edSign,
  verify as edVerify,
  type KeyObject,
} from 'node:crypto';
import { LOCAL_ORG_ID } from '../../../src-shared/domain/common';
import { AppError, ErrorCode } from '../../../src-shared/errors';
import type { Db } from '../db/database';
import type { SecretStore } from '../secrets/secret-store';
import { deviceKeyName, knownDeviceId, newDeviceKeys } from './device-identity';

export interface DeviceSigner {
  deviceId: string;
  /** base64url of the raw 32-byte Ed25519 public key (as registered). */
  publicKey: string;
  /** First 16 lower-case hex digits of the SHA-256 of the raw public key. */
  fingerprint: string;
  /** Ed25519 signature over exactly these bytes (64 bytes). */
  sign(bytes: Uint8Array): Buffer;
}

export interface DeviceSignerDeps {
  db: Db;
  secrets: SecretStore;
  orgId: string;
  userId: string | null;
}

/** The settings row that names the local workspace's device (local-only table, never synced). */
export const LOCAL_DEVICE_SETTING = 'device.localId';
/** Where the local workspace's private key is kept: one per local device id. */
export const localDeviceKeyName = (deviceId: string) => `complyflow.device-key.local.${deviceId}`;

/** The fingerprint of a raw public key given as base64url: sha256 hex, first 16 digits. */
export function keyFingerprint(publicKeyB64url: string): string {
  return createHash('sha256').update(Buffer.from(publicKeyB64url, 'base64url')).digest('hex').slice(0, 16);
}

/** Whether `signature` (base64url) is this raw Ed25519 public key's (base64url) over `bytes`; false for any malformed input. */
export function verifyDeviceSignature(publicKeyB64url: string, bytes: Uint8Array, signatureB64url: string): boolean {
  try {
    const raw = Buffer.from(publicKeyB64url, 'base64url');
    const signature = Buffer.from(signatureB64url, 'base64url');
    if (raw.length !== 32 || signature.length !== 64) return false;
    const key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: raw.toString('base64url') }, format: 'jwk' });
    return edVerify(null, bytes, key, signature);
  } catch {
    return false;
  }
}

function signerFrom(deviceId: string, privateKeyPem: string): DeviceSigner {
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(privateKeyPem);
  } catch {
    throw new AppError(ErrorCode.Internal, 'This computer’s device key cannot be read; it cannot sign.');
  }
  if (privateKey.asymmetricKeyType !== 'ed25519')
    throw new AppError(ErrorCode.Internal, 'This computer’s device key is not an Ed25519 key; it cannot sign.');
  const jwk = createPublicKey(privateKey).export({ format: 'jwk' });
  const publicKey = String(jwk.x);
  return {
    deviceId,
    publicKey,
    fingerprint: keyFingerprint(publicKey),
    sign: (bytes) => edSign(null, bytes, privateKey),
  };
}

async function localSigner(db: Db, secrets: SecretStore): Promise<DeviceSigner> {
  const row = db.prepare('SELECT value FROM settings WHERE key = ?').get(LOCAL_DEVICE_SETTING) as { value: string } | undefined;
  const known = row ? (JSON.parse(row.value) as unknown) : null;
  if (typeof known === 'string') {
    const pem = await secrets.get(localDeviceKeyName(known));
    if (pem) return signerFrom(known, pem);
  }
  // First use, or the key is gone (a secret store that keeps secrets in memory only): a new
  // device id with a new key, so one id never stands for two keys.
  const deviceId = randomUUID();
  const keys = newDeviceKeys();
  await secrets.set(localDeviceKeyName(deviceId), keys.privateKeyPem);
  db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(
    LOCAL_DEVICE_SETTING,
    JSON.stringify(deviceId),
  );
  return signerFrom(deviceId, keys.privateKeyPem);
}

async function orgSigner(db: Db, secrets: SecretStore, orgId: string, userId: string | null): Promise<DeviceSigner> {
  if (!userId) throw new AppError(ErrorCode.Unauthenticated, 'Sign in to sign with this computer’s key in the organization.');
  const deviceId = knownDeviceId(db, orgId, userId);
  if (!deviceId)
    throw new AppError(
      ErrorCode.Conflict,
      'This computer is not registered in the organization yet: it registers at its first sync, then it can sign.',
    );
  const pem = await secrets.get(deviceKeyName(orgId, userId));
  if (!pem)
    throw new AppError(
      ErrorCode.Conflict,
      'This computer’s device key is not kept on this computer any more (secrets are kept in memory only); it cannot sign.',
    );
  return signerFrom(deviceId, pem);
}

// Two first uses at once in the local workspace must not make two device ids.
const localInFlight = new WeakMap<Db, Promise<DeviceSigner>>();

export function deviceSigner(deps: DeviceSignerDeps): Promise<DeviceSigner> {
  if (deps.orgId !== LOCAL_ORG_ID) return orgSigner(deps.db, deps.secrets, deps.orgId, deps.userId);
  const pending = localInFlight.get(deps.db);
  if (pending) return pending;
  const made = localSigner(deps.db, deps.secrets).finally(() => localInFlight.delete(deps.db));
  localInFlight.set(deps.db, made);
  return made;
}
