/**
 * The fleet view (Settings → Fleet, owners and admins): every device of the organization as it
 * last reported at sync, the filter the table and the CSV export share, and the policy editor's
 * input with its checks in words (the server checks the same: set_update_policy).
 */
import { z } from 'zod';
import { compareSemVer, InstallMode, SemVer, UpdateChannel } from './update-policy';

export const FleetDevice = z.object({
  id: z.uuid(),
  userId: z.uuid(),
  /** The member's name in the org (or email), null when the server has none. */
  userName: z.string().nullable(),
  /** The computer's name when it was registered. */
  name: z.string(),
  /** Null until the device reports at a sync (an app from before fleet reports). */
  os: z.string().nullable(),
  appVersion: z.string().nullable(),
  channel: UpdateChannel.nullable(),
  /** When the device last reported (the server's clock): its last sync. */
  lastSyncAt: z.string().nullable(),
  /** When the server last saw the device (sync or an edge function call). */
  lastSeenAt: z.string().nullable(),
  /** Changes waiting to be sent, as of its last report. */
  changesWaiting: z.int().nullable(),
  revokedAt: z.string().nullable(),
  /** This is the computer the app runs on. */
  thisComputer: z.boolean(),
});
export type FleetDevice = z.infer<typeof FleetDevice>;

export const FleetList = z.object({
  /** False in the local workspace and when the server cannot be asked; `message` says why. */
  available: z.boolean(),
  message: z.string().nullable(),
  devices: z.array(FleetDevice),
});
export type FleetList = z.infer<typeof FleetList>;

export const FleetFilter = z.strictObject({
  /** Matches user, device name, OS or version (case-insensitive). */
  text: z.string().trim().max(200, 'the filter may be at most 200 characters').default(''),
  /** 'none': devices that have not reported a channel. */
  channel: z.enum(['any', 'latest', 'beta', 'none']).default('any'),
  /** Devices below the given version ('below'), or exactly at it ('exact'). */
  version: z.string().trim().max(64).default(''),
  versionMatch: z.enum(['exact', 'below']).default('exact'),
  revoked: z.enum(['any', 'active', 'revoked']).default('any'),
});
export type FleetFilter = z.infer<typeof FleetFilter>;

export function filterFleet(devices: readonly FleetDevice[], filter: z.input<typeof FleetFilter>): FleetDevice[] {
  const f = FleetFilter.parse(filter);
  const text = f.text.toLowerCase();
  const version = f.version;
  const versionValid = SemVer.safeParse(version).success;
  return devices.filter((d) => {
    if (text && ![d.userName, d.name, d.os, d.appVersion].some((v) => v?.toLowerCase().includes(text))) return false;
    if (f.channel === 'none' ? d.channel !== null : f.channel !== 'any' && d.channel !== f.channel) return false;
    if (version) {
      if (f.versionMatch === 'exact' && d.appVersion !== version) return false;
      if (f.versionMatch === 'below') {
        if (!versionValid) return false;
        if (d.appVersion === null || !SemVer.safeParse(d.appVersion).success) return true;
        if (compareSemVer(d.appVersion, version) >= 0) return false;
      }
    }
    if (f.revoked === 'active' && d.revokedAt !== null) return false;
    if (f.revoked === 'revoked' && d.revokedAt === null) return false;
    return true;
  });
}

/** An optional version field of the editor: empty means "not set by the organization". */
const optionalVersion = (what: string) =>
  z
    .string()
    .trim()
    .transform((v) => (v === '' ? null : v))
    .pipe(SemVer.nullable())
    .or(z.null())
    .describe(what);

/** What an owner or admin saves in the policy editor (null or empty: the key is not set). */
export const UpdatePolicyInput = z
  .strictObject({
    channel: UpdateChannel.nullable(),
    minimumVersion: optionalVersion('minimum version'),
    pinnedVersion: optionalVersion('pinned version'),
    rolloutPercent: z
      .int('The rollout must be a whole number of percent.')
      .min(0, 'The rollout must be between 0 and 100 percent.')
      .max(100, 'The rollout must be between 0 and 100 percent.')
      .nullable(),
    deferDays: z
      .int('The days a user may defer must be a whole number.')
      .min(0, 'The days a user may defer must be between 0 and 90.')
      .max(90, 'The days a user may defer must be between 0 and 90.')
      .nullable(),
    installMode: InstallMode.nullable(),
  })
  .superRefine((p, ctx) => {
    if (p.minimumVersion && p.pinnedVersion && compareSemVer(p.pinnedVersion, p.minimumVersion) < 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['pinnedVersion'],
        message: `The pinned version ${p.pinnedVersion} is below the minimum version ${p.minimumVersion}: devices could never sync.`,
      });
    }
  });
export type UpdatePolicyInput = z.infer<typeof UpdatePolicyInput>;
