/**
 * Staged rollout, deterministic per device: the device's install id and the offered version
 * hash to a bucket 0–99, and the device takes the version when its bucket is below the
 * percentage. Hashing the version in means each release picks its own early computers, and a
 * device never flips in and out of a release's rollout between checks.
 *
 * How it combines with electron-updater's `stagingPercentage` (written into latest*.yml by
 * whoever publishes): electron-updater compares it with a random per-install UUID of its own.
 * We replace that check (`isUserWithinRollout`) with this bucket, and a device is in the rollout
 * only when its bucket is below BOTH percentages (the feed's and the organization's): the
 * stricter one wins, and one device id decides both, so the fleet view can explain it.
 */
import { createHash } from 'node:crypto';

export function rolloutBucket(deviceId: string, version: string): number {
  const digest = createHash('sha256').update(`${deviceId}\u0000${version}`).digest();
  return digest.readUInt32BE(0) % 100;
}

/** The percentage that applies: the smaller of the organization's and the feed's (each 100 when unset). */
export function effectivePercent(policyPercent: number | null, feedStagingPercentage: unknown): number {
  const feed =
    typeof feedStagingPercentage === 'number' ? feedStagingPercentage : Number.parseInt(String(feedStagingPercentage ?? ''), 10);
  const fromFeed = Number.isFinite(feed) ? Math.max(0, Math.min(100, feed)) : 100;
  return Math.min(policyPercent ?? 100, fromFeed);
}

export const inRollout = (bucket: number, percent: number): boolean => bucket < percent;
