import { z } from 'zod';
import { method } from './define';

/**
 * Settings → Devices: the computers registered in the open organization (each has its own key;
 * see DESIGN §6). A member sees and revokes their own, owners and admins every member's. A
 * revoked computer is refused at its next request, stops syncing and keeps its local data.
 */
export const DeviceInfo = z.object({
  id: z.uuid(),
  userId: z.uuid(),
  /** The member's name in the org (or email), null when the server has none. */
  userName: z.string().nullable(),
  /** The computer's name when it was registered (its host name). */
  name: z.string(),
  createdAt: z.string(),
  lastSeenAt: z.string().nullable(),
  appVersion: z.string().nullable(),
  revokedAt: z.string().nullable(),
  /** This is the computer the app runs on. */
  thisComputer: z.boolean(),
  /** The device belongs to the signed-in user. */
  mine: z.boolean(),
});
export type DeviceInfo = z.infer<typeof DeviceInfo>;

export const DeviceList = z.object({
  /** False in the local workspace and when the server cannot be asked; `message` says why. */
  available: z.boolean(),
  message: z.string().nullable(),
  /** The list holds every member's devices (owner or admin), not only the user's. */
  allMembers: z.boolean(),
  devices: z.array(DeviceInfo),
});
export type DeviceList = z.infer<typeof DeviceList>;

export const devicesApi = {
  list: method(z.strictObject({}), DeviceList),
  /** Revokes one device (one-way); revoking this computer stops its sync at once. */
  revoke: method(z.strictObject({ deviceId: z.uuid() }), z.object({ revokedAt: z.string(), thisComputer: z.boolean() })),
};
