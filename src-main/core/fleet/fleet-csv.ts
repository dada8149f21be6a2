/**
 * The fleet view as CSV for a spreadsheet: one row per device, the columns the table shows.
 * Cells that start with = + - @ are escaped (src-main/core/exports/csv.ts), so a device name or
 * OS string a member chose cannot run as a formula in the admin's spreadsheet.
 */
import type { FleetDevice } from '../../../src-shared/domain/fleet';
import { toCsv } from '../exports/csv';

const COLUMNS = [
  'user',
  'device',
  'os',
  'app_version',
  'channel',
  'last_sync',
  'last_seen',
  'changes_waiting',
  'revoked',
  'device_id',
] as const;

export function fleetCsv(devices: readonly FleetDevice[]): string {
  return toCsv(
    COLUMNS,
    devices.map((d) => ({
      user: d.userName ?? d.userId,
      device: d.name,
      os: d.os,
      app_version: d.appVersion,
      channel: d.channel,
      last_sync: d.lastSyncAt,
      last_seen: d.lastSeenAt,
      changes_waiting: d.changesWaiting,
      revoked: d.revokedAt,
      device_id: d.id,
    })),
  );
}
