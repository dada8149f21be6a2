/**
 * The fleet's part of each sync round, before push (src-main/core/sync/engine.ts calls it): read
 * the org's update policy and keep it (emitting `fleet.policyChanged` when it differs), then
 * report this device (OS, app version, channel, last sync, changes waiting). The report goes
 * first because push and pull check the reported version against the org's minimum
 * (private.sync_refusal). Neither step ever stops sync: only "the server cannot be reached"
 * goes up (push would meet it next anyway); anything else is logged and the round goes on.
 */
import type { UpdateChannel } from '../../../src-shared/domain/update-policy';
import { AppError, ErrorCode } from '../../../src-shared/errors';
import type { CoreDeps } from '../deps';
import { readCurrentChannel } from '../updates/channel';
import { describeOs, reportedVersion, reportThrottle, type DeviceReport } from './device-report';
import { readOrgUpdatePolicy, storeOrgUpdatePolicy } from './org-update-policy';
import { parseServerPolicy } from './server-policy';

type Rpc = (name: string, args: Record<string, unknown>) => Promise<unknown>;

export interface FleetSync {
  atRound(deviceId: string): Promise<void>;
}

export function fleetSync(
  deps: Pick<CoreDeps, 'db' | 'orgId' | 'appVersion' | 'emit' | 'log' | 'dataDir'>,
  rpc: Rpc,
  options: { os?: () => string; nowMs?: () => number; channel?: () => UpdateChannel } = {},
): FleetSync {
  const { db, orgId } = deps;
  const throttle = reportThrottle(options.nowMs);
  const osName = options.os ?? describeOs;
  // The channel the updater follows: machine policy > org policy > the user's choice (core/updates).
  const channel = options.channel ?? (() => readCurrentChannel(deps.dataDir, readOrgUpdatePolicy(db)));

  const guard = async (what: string, step: () => Promise<void>) => {
    try {
      await step();
    } catch (error) {
      if (error instanceof AppError && error.code === ErrorCode.Offline) throw error;
      deps.log.error(`fleet: ${what} failed`, error);
    }
  };

  return {
    async atRound(deviceId) {
      await guard('reading the update policy', async () => {
        const policy = parseServerPolicy(await rpc('org_update_policy', { p_org_id: orgId }));
        if (!db.open) return;
        if (storeOrgUpdatePolicy(db, policy)) deps.emit('fleet.policyChanged', { policy });
      });
      await guard('reporting this device', async () => {
        if (!db.open) return;
        const report = currentReport();
        if (!throttle.due(deviceId, report)) return;
        await rpc('report_device', {
          p_device_id: deviceId,
          p_os: report.os,
          p_app_version: report.appVersion,
          p_channel: report.channel,
          p_last_sync_at: report.lastSyncAt,
          p_changes_waiting: report.changesWaiting,
        });
        throttle.sent(deviceId, report);
      });
    },
  };

  function currentReport(): DeviceReport {
    const waiting = db.prepare(`SELECT count(*) AS n FROM outbox WHERE state <> 'rejected'`).get() as { n: number };
    const synced = db.prepare('SELECT last_synced_at FROM sync_state WHERE org_id = ?').get(orgId) as
      { last_synced_at: string | null } | undefined;
    return {
      os: osName(),
      appVersion: reportedVersion(deps.appVersion),
      channel: channel(),
      lastSyncAt: synced?.last_synced_at ?? null,
      changesWaiting: waiting.n,
    };
  }
}
