/**
 * What this computer reports at each sync (report_device): its OS, the app's version, its update
 * channel, when it last synced and how many changes wait to be sent. Sent when something in it
 * changed, and otherwise at most every few minutes, so a poll every few seconds does not write a
 * row each time. A version that is not SemVer (a development build) is reported as unknown.
 */
import os from 'node:os';
import { SemVer, type UpdateChannel } from '../../../src-shared/domain/update-policy';

export interface DeviceReport {
  os: string;
  appVersion: string | null;
  channel: UpdateChannel;
  lastSyncAt: string | null;
  changesWaiting: number;
}

/** "Linux 6.8.0-45-generic (x64)", "Darwin 24.1.0 (arm64)", "Windows_NT 10.0.26100 (x64)". */
export function describeOs(): string {
  return `${os.type()} ${os.release()} (${os.arch()})`.slice(0, 100);
}

export function reportedVersion(appVersion: string): string | null {
  return SemVer.safeParse(appVersion).success ? appVersion : null;
}

export const REPORT_EVERY_MS = 5 * 60_000;

export interface ReportThrottle {
  /** Something but the sync time changed since the last report sent, or that report is old. */
  due(deviceId: string, report: DeviceReport): boolean;
  /** The server stored this report. */
  sent(deviceId: string, report: DeviceReport): void;
}

export function reportThrottle(nowMs: () => number = Date.now): ReportThrottle {
  let lastKey = '';
  let lastAt = -Infinity;
  const keyOf = (deviceId: string, r: DeviceReport) =>
    JSON.stringify([deviceId, r.os, r.appVersion, r.channel, r.changesWaiting]);
  return {
    due: (deviceId, report) => keyOf(deviceId, report) !== lastKey || nowMs() - lastAt >= REPORT_EVERY_MS,
    sent: (deviceId, report) => {
      lastKey = keyOf(deviceId, report);
      lastAt = nowMs();
    },
  };
}
