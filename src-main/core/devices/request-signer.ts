/**
 * Signs edge-function requests with this computer's device key in an organization: the key
 * registered on the first sync (device-identity.ts), or registered now if no sync ran yet. The
 * private key stays in the SecretStore; only signatures leave this module.
 */
import { createPrivateKey, sign } from 'node:crypto';
import { AppError, ErrorCode } from '../../../src-shared/errors';
import type { Db } from '../db/database';
import type { RequestSigner } from '../functions/signed-request';
import { deviceKeyName, ensureDevice, type DeviceHost } from './device-identity';

export async function orgRequestSigner(db: Db, host: DeviceHost, orgId: string, userId: string): Promise<RequestSigner> {
  const deviceId = await ensureDevice(db, host, orgId, userId);
  const pem = await host.secrets.get(deviceKeyName(orgId, userId));
  if (!pem)
    throw new AppError(
      ErrorCode.Conflict,
      'This computer’s key for this organization is missing from its secure storage. Ask an admin to revoke this computer in Settings → Devices, then sign in again.',
    );
  const key = createPrivateKey(pem);
  return { deviceId, sign: (bytes) => sign(null, bytes, key) };
}
