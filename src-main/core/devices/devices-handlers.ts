/**
 * Settings → Devices: the open organization's registered computers, asked from the server
 * (`org_devices`: the user's own, or every member's for an owner or admin), and revoking one
 * (`revoke_device`). Revoking this computer pauses its sync at once; its local data stays.
 */
import { z } from 'zod';
import type { ApiHandlers } from '../../../src-shared/api';
import type { DeviceList } from '../../../src-shared/api/devices';
import { LOCAL_ORG_ID } from '../../../src-shared/domain/common';
import { AppError, ErrorCode } from '../../../src-shared/errors';
import type { CoreDeps } from '../deps';
import { thisDeviceId } from './device-identity';

const ServerDevice = z.object({
  id: z.uuid(),
  user_id: z.uuid(),
  user_name: z.string().nullable(),
  name: z.string(),
  created_at: z.string(),
  last_seen_at: z.string().nullable(),
  app_version: z.string().nullable(),
  revoked_at: z.string().nullable(),
});
const ServerList = z.object({ manager: z.boolean(), devices: z.array(ServerDevice) });

const unavailable = (message: string): DeviceList => ({ available: false, message, allMembers: false, devices: [] });

const badAnswer = () =>
  new AppError(ErrorCode.BadServerAnswer, 'The server answered the device list in a form this app does not know.');

export function devicesHandlers(deps: CoreDeps, onThisDeviceRevoked: () => void): ApiHandlers['devices'] {
  const { db, orgId, sync } = deps;
  const requireOrg = () => {
    if (orgId === LOCAL_ORG_ID || !sync)
      throw new AppError(ErrorCode.Conflict, 'Devices belong to an organization; open one to manage its computers.');
    return sync;
  };
  return {
    async list() {
      if (orgId === LOCAL_ORG_ID || !sync)
        return unavailable('The local workspace has no registered computers: devices belong to an organization.');
      let answer: unknown;
      try {
        answer = await sync.rpc('org_devices', { p_org_id: orgId });
      } catch (error) {
        if (error instanceof AppError && (error.code === ErrorCode.Offline || error.code === ErrorCode.Unauthenticated))
          return unavailable(`The device list needs a connection to the server and a session: ${error.message}`);
        throw error;
      }
      const parsed = ServerList.safeParse(answer);
      if (!parsed.success) throw badAnswer();
      const here = thisDeviceId(db, orgId);
      const userId = sync.session().userId;
      return {
        available: true,
        message: null,
        allMembers: parsed.data.manager,
        devices: parsed.data.devices.map((d) => ({
          id: d.id,
          userId: d.user_id,
          userName: d.user_name,
          name: d.name,
          createdAt: d.created_at,
          lastSeenAt: d.last_seen_at,
          appVersion: d.app_version,
          revokedAt: d.revoked_at,
          thisComputer: d.id === here,
          mine: d.user_id === userId,
        })),
      };
    },
    async revoke({ deviceId }) {
      const host = requireOrg();
      const answer = z.string().safeParse(await host.rpc('revoke_device', { p_device_id: deviceId }));
      if (!answer.success) throw badAnswer();
      const thisComputer = deviceId === thisDeviceId(db, orgId);
      if (thisComputer) onThisDeviceRevoked();
      return { revokedAt: answer.data, thisComputer };
    },
  };
}
