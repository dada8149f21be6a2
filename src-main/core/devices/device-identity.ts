/**
 * This computer's identity in an organization: on the first sync of an org an Ed25519 key pair
 * is made, the private key kept in the SecretStore (never in the replica), the public key
 * registered with `register_device` (base64url of the raw 32 bytes, named after the computer),
 * and the device id the server answers kept in the replica's sync_state. Push and pull send it
 * from then on, so an admin can revoke this computer (sync-contract.md).
 */
import { generateKeyPairSync } from 'node:crypto';
import os from 'node:os';
import { z } from 'zod';
import { AppError, ErrorCode } from '../../../src-shared/errors';
import type { Db } from '../db/database';
import type { SecretStore } from '../secrets/secret-store';

export interface DeviceHost {
  rpc(name: string, args: Record<string, unknown>): Promise<unknown>;
  secrets: SecretStore;
}

/** Where the private key is kept: one per organization and user. */
export const deviceKeyName = (orgId: string, userId: string) => `complyflow.device-key.${orgId}.${userId}`;

/** The device id this replica has for the user, or null before the first sync. */
export function knownDeviceId(db: Db, orgId: string, userId: string): string | null {
  const row = db.prepare('SELECT device_id, device_user_id FROM sync_state WHERE org_id = ?').get(orgId) as
    { device_id: string | null; device_user_id: string | null } | undefined;
  return row?.device_id && row.device_user_id === userId ? row.device_id : null;
}

/** The device id registered for this replica's organization (whoever registered it), or '' before the first sync. */
export function thisDeviceId(db: Db, orgId: string): string {
  const row = db.prepare('SELECT device_id FROM sync_state WHERE org_id = ?').get(orgId) as
    { device_id: string | null } | undefined;
  return row?.device_id ?? '';
}

/** A new Ed25519 pair: the public key as base64url raw bytes, the private key as PKCS#8 PEM. */
export function newDeviceKeys(): { publicKey: string; privateKeyPem: string } {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const jwk = publicKey.export({ format: 'jwk' });
  if (typeof jwk.x !== 'string' || Buffer.from(jwk.x, 'base64url').length !== 32)
    throw new Error('Ed25519 gave no 32-byte public key.');
  return { publicKey: jwk.x, privateKeyPem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString() };
}

/** Registrations under way per replica: sync and a signed call asking at once register one device. */
const registering = new WeakMap<Db, Map<string, Promise<string>>>();

/** The device id for this org and user: the known one, or a newly registered one. */
export async function ensureDevice(db: Db, host: DeviceHost, orgId: string, userId: string): Promise<string> {
  const known = knownDeviceId(db, orgId, userId);
  if (known) return known;
  const pending = registering.get(db) ?? new Map<string, Promise<string>>();
  registering.set(db, pending);
  const key = `${orgId}/${userId}`;
  const running = pending.get(key);
  if (running) return running;
  const registration = registerDevice(db, host, orgId, userId).finally(() => pending.delete(key));
  pending.set(key, registration);
  return registration;
}

async function registerDevice(db: Db, host: DeviceHost, orgId: string, userId: string): Promise<string> {
  const keys = newDeviceKeys();
  await host.secrets.set(deviceKeyName(orgId, userId), keys.privateKeyPem);
  const answer = await host.rpc('register_device', {
    p_org_id: orgId,
    p_public_key: keys.publicKey,
    p_name: os.hostname().slice(0, 200),
  });
  const parsed = z.uuid().safeParse(answer);
  if (!parsed.success)
    throw new AppError(ErrorCode.BadServerAnswer, 'The server did not answer a device id when this computer was registered.');
  if (!db.open) throw new AppError(ErrorCode.Conflict, 'The workspace was closed while this computer was being registered.');
  db.prepare(
    `INSERT INTO sync_state (org_id, device_id, device_user_id) VALUES (?, ?, ?)
     ON CONFLICT (org_id) DO UPDATE SET device_id = excluded.device_id, device_user_id = excluded.device_user_id`,
  ).run(orgId, parsed.data, userId);
  return parsed.data;
}
