/**
 * The organization's update policy (issue 11): what IT decides about app updates for every
 * device of the org. Owners and admins edit it in Settings → Fleet; it is stored on the server
 * (org_update_policies), brought to each device at sync and kept in the replica, so it applies
 * offline. Each key is null when the org has not set it (then the machine policy or the user's
 * own setting decides; see src-main/core/updates/).
 */
import { z } from 'zod';

export const UpdateChannel = z.enum(['latest', 'beta'], { message: 'must be latest or beta' });
export type UpdateChannel = z.infer<typeof UpdateChannel>;

export const InstallMode = z.enum(['on-quit', 'on-next-launch', 'manual'], {
  message: 'must be on-quit, on-next-launch or manual',
});
export type InstallMode = z.infer<typeof InstallMode>;

/**
 * A release version as electron-builder writes it: MAJOR.MINOR.PATCH with an optional
 * pre-release (1.4.0-beta.2); no leading "v", no build metadata, no leading zeros. The server's
 * check (private.is_semver) accepts exactly the same strings (parity test).
 */
export const SEMVER_PATTERN =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-(0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*)(\.(0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*))*)?$/;

export const SemVer = z
  .string()
  .max(64, 'is too long for a version (at most 64 characters)')
  .regex(SEMVER_PATTERN, 'must be a version like 1.4.0 (or 1.5.0-beta.1)');
export type SemVer = z.infer<typeof SemVer>;

export const OrgUpdatePolicy = z.object({
  channel: UpdateChannel.nullable(),
  /** Below it the app says so in a banner that cannot be dismissed and sync pauses. */
  minimumVersion: SemVer.nullable(),
  /** The one version every device runs (never upgraded past; installed even when older). */
  pinnedVersion: SemVer.nullable(),
  /** Staged rollout: the share of devices offered a new version (deterministic per device). */
  rolloutPercent: z.int().min(0).max(100).nullable(),
  /** How many days a user may defer an update before it installs at the next quit. */
  deferDays: z.int().min(0).max(90).nullable(),
  installMode: InstallMode.nullable(),
  updatedAt: z.string(),
  /** Who saved it last (the member's name or email), null when the server has none. */
  updatedBy: z.string().nullable(),
});
export type OrgUpdatePolicy = z.infer<typeof OrgUpdatePolicy>;

/** The keys an org (or a machine policy) may set, in the order the editor shows them. */
export const UPDATE_POLICY_KEYS = [
  'channel',
  'minimumVersion',
  'pinnedVersion',
  'rolloutPercent',
  'deferDays',
  'installMode',
] as const satisfies readonly (keyof OrgUpdatePolicy)[];
export type UpdatePolicyKey = (typeof UPDATE_POLICY_KEYS)[number];

/**
 * Compares two SemVer strings by SemVer 2.0.0 precedence: -1, 0 or 1. A pre-release sorts
 * before its release (1.5.0-beta.1 < 1.5.0); numeric identifiers compare as numbers.
 */
export function compareSemVer(a: string, b: string): -1 | 0 | 1 {
  const [coreA, preA] = splitVersion(a);
  const [coreB, preB] = splitVersion(b);
  for (let i = 0; i < 3; i++) {
    const d = Number(coreA[i]) - Number(coreB[i]);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  if (preA === null && preB === null) return 0;
  if (preA === null) return 1;
  if (preB === null) return -1;
  const n = Math.max(preA.length, preB.length);
  for (let i = 0; i < n; i++) {
    const x = preA[i];
    const y = preB[i];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    if (x === y) continue;
    const xNum = /^\d+$/.test(x);
    const yNum = /^\d+$/.test(y);
    if (xNum && yNum) return Number(x) < Number(y) ? -1 : 1;
    if (xNum) return -1;
    if (yNum) return 1;
    return x < y ? -1 : 1;
  }
  return 0;
}

function splitVersion(v: string): [string[], string[] | null] {
  const dash = v.indexOf('-');
  const core = (dash < 0 ? v : v.slice(0, dash)).split('.');
  return [core, dash < 0 ? null : v.slice(dash + 1).split('.')];
}
