/**
 * Settings → Fleet: the org's update policy (org_update_policy / set_update_policy, kept in the
 * replica at each read so it applies offline) and the fleet view (fleet_devices), its CSV
 * export and revoking a device (the devices' own revoke). The router already refused a role
 * that may not manage the fleet; the server checks again.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { ApiHandlers } from '../../../src-shared/api';
import { LOCAL_ORG_ID } from '../../../src-shared/domain/common';
import { filterFleet, type FleetDevice, type FleetList } from '../../../src-shared/domain/fleet';
import type { OrgUpdatePolicy } from '../../../src-shared/domain/update-policy';
import { AppError, ErrorCode } from '../../../src-shared/errors';
import type { CoreDeps } from '../deps';
import { thisDeviceId } from '../devices/device-identity';
import { asDownload } from '../files/file-handoff';
import { fleetCsv } from './fleet-csv';
import { readOrgUpdatePolicy, storeOrgUpdatePolicy } from './org-update-policy';
import { parseServerPolicy } from './server-policy';

const ServerFleetDevice = z.object({
  id: z.uuid(),
  user_id: z.uuid(),
  user_name: z.string().nullable(),
  name: z.string(),
  os: z.string().nullable(),
  app_version: z.string().nullable(),
  channel: z.enum(['latest', 'beta']).nullable(),
  last_sync_at: z.string().nullable(),
  reported_at: z.string().nullable(),
  last_seen_at: z.string().nullable(),
  changes_waiting: z.int().nullable(),
  revoked_at: z.string().nullable(),
});

/** Server times as ISO-8601 UTC ("…Z"), as the rest of the app shows and compares them. */
const iso = (value: string | null) => (value === null || Number.isNaN(Date.parse(value)) ? null : new Date(value).toISOString());

const badAnswer = () =>
  new AppError(ErrorCode.BadServerAnswer, 'The server answered the fleet list in a form this app does not know.');

const needsConnection = (error: unknown) =>
  error instanceof AppError && (error.code === ErrorCode.Offline || error.code === ErrorCode.Unauthenticated);

export function fleetHandlers(deps: CoreDeps, revokeDevice: ApiHandlers['devices']['revoke']): ApiHandlers['fleet'] {
  const { db, orgId, sync } = deps;
  const local = orgId === LOCAL_ORG_ID || !sync;
  const requireOrg = () => {
    if (local || !sync)
      throw new AppError(ErrorCode.Conflict, 'The fleet belongs to an organization; open one to manage its update policy.');
    return sync;
  };
  const keep = (policy: OrgUpdatePolicy | null) => {
    if (storeOrgUpdatePolicy(db, policy)) deps.emit('fleet.policyChanged', { policy });
  };

  async function fleet(): Promise<FleetList & { devices: FleetDevice[] }> {
    if (local || !sync)
      return { available: false, message: 'The local workspace has no fleet: devices belong to an organization.', devices: [] };
    let answer: unknown;
    try {
      answer = await sync.rpc('fleet_devices', { p_org_id: orgId });
    } catch (error) {
      if (needsConnection(error))
        return {
          available: false,
          message: `The fleet view needs a connection to the server: ${(error as Error).message}`,
          devices: [],
        };
      throw error;
    }
    const parsed = z.array(ServerFleetDevice).safeParse(answer);
    if (!parsed.success) throw badAnswer();
    const here = thisDeviceId(db, orgId);
    return {
      available: true,
      message: null,
      devices: parsed.data.map((d) => ({
        id: d.id,
        userId: d.user_id,
        userName: d.user_name,
        name: d.name,
        os: d.os,
        appVersion: d.app_version,
        channel: d.channel,
        lastSyncAt: iso(d.reported_at),
        lastSeenAt: iso(d.last_seen_at),
        changesWaiting: d.changes_waiting,
        revokedAt: iso(d.revoked_at),
        thisComputer: d.id === here,
      })),
    };
  }

  return {
    async policy() {
      if (local || !sync)
        return { policy: null, fresh: false, message: 'The local workspace has no organization update policy.' };
      try {
        const policy = parseServerPolicy(await sync.rpc('org_update_policy', { p_org_id: orgId }));
        keep(policy);
        return { policy, fresh: true, message: null };
      } catch (error) {
        if (!needsConnection(error)) throw error;
        return {
          policy: readOrgUpdatePolicy(db),
          fresh: false,
          message: 'The server cannot be asked now: this is the policy kept from the last sync.',
        };
      }
    },
    async setPolicy(input) {
      const host = requireOrg();
      const saved = parseServerPolicy(
        await host.rpc('set_update_policy', {
          p_org_id: orgId,
          p_channel: input.channel,
          p_minimum_version: input.minimumVersion,
          p_pinned_version: input.pinnedVersion,
          p_rollout_percent: input.rolloutPercent,
          p_defer_days: input.deferDays,
          p_install_mode: input.installMode,
        }),
      );
      if (!saved) throw badAnswer();
      keep(saved);
      return saved;
    },
    devices: () => fleet(),
    async exportCsv({ filter }) {
      requireOrg();
      const list = await fleet();
      if (!list.available) throw new AppError(ErrorCode.Offline, list.message ?? 'The fleet view needs a connection.');
      const bytes = Buffer.from(fleetCsv(filterFleet(list.devices, filter)), 'utf8');
      const day = deps.now().slice(0, 10);
      return asDownload(
        {
          name: `fleet-${day}.csv`,
          mimeType: 'text/csv',
          sha256: createHash('sha256').update(bytes).digest('hex'),
          sizeBytes: bytes.length,
        },
        () => bytes,
      );
    },
    revoke: (input, context) => {
      requireOrg();
      return revokeDevice(input, context);
    },
  };
}
