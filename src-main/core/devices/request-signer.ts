/**
 * Signs edge-function requests with this computer's device key in an organization: the key
 * registered on the first sync (device-identity.ts), or registered now if no sync ran yet, read
 * through deviceSigner (device-signer.ts). Only signatures leave this module, never the key.
 */
import type { Db } from '../db/database';
import type { RequestSigner } from '../functions/signed-request';
import { ensureDevice, type DeviceHost } from './device-identity';
import { deviceSigner } from './device-signer';

export async function orgRequestSigner(db: Db, host: DeviceHost, orgId: string, userId: string): Promise<RequestSigner> {
  await ensureDevice(db, host, orgId, userId);
  const signer = await deviceSigner({ db, secrets: host.secrets, orgId, userId });
  return { deviceId: signer.deviceId, sign: (bytes) => signer.sign(bytes) };
}
