/**
 * The updates namespace: what Settings → Updates shows and does. The core resolves the update
 * policy (machine policy > organization policy > the user's choice, per key) and decides what
 * may be installed; the desktop shell runs electron-updater with that decision. In the browser
 * host there is no updater: the screen shows the policy and says the desktop app handles updates.
 */
import { z } from 'zod';
import { method } from './define';

/** The policy keys IT and organizations can set (and lock). */
export const UPDATE_KEYS = ['channel', 'minimumVersion', 'pinnedVersion', 'rolloutPercent', 'deferDays', 'installMode'] as const;
export const UpdateKey = z.enum(UPDATE_KEYS);
export type UpdateKey = z.infer<typeof UpdateKey>;

export const UpdateChannelName = z.enum(['latest', 'beta']);
export const InstallModeName = z.enum(['on-quit', 'on-next-launch', 'manual']);

/**
 * Where a key's value comes from: the machine policy file IT placed on this computer, the
 * organization's policy (kept from the last sync, so it applies offline), the user's own choice
 * in this screen, or the app's default.
 */
export const PolicySource = z.enum(['machine', 'organization', 'user', 'default']);
export type PolicySource = z.infer<typeof PolicySource>;

export const PolicyEntry = z.object({
  key: UpdateKey,
  value: z.union([z.string(), z.number(), z.null()]),
  source: PolicySource,
  /** The user cannot change it here ("Managed by your organization"). */
  locked: z.boolean(),
});
export type PolicyEntry = z.infer<typeof PolicyEntry>;

export const UpdatePhase = z.enum([
  'unsupported', // browser host, or an app that is not packaged: no updater here
  'idle', // not checked yet in this run
  'checking',
  'up-to-date',
  'available', // found, not downloaded (manual mode) or download starting
  'downloading',
  'downloaded', // ready: installs per installWhen
  'refused', // the feed offered something that must not be installed (message says why)
  'error', // the check or download failed (message says why); nothing was installed
]);
export type UpdatePhase = z.infer<typeof UpdatePhase>;

export const UpdateProgress = z.object({
  transferred: z.number().nonnegative(),
  total: z.number().nonnegative(),
  percent: z.number().min(0).max(100),
});

export const Deferral = z.object({
  version: z.string(),
  /** The last moment the update may wait: after it, it installs at the next quit. ISO time. */
  deadline: z.string(),
  daysLeft: z.int().nonnegative(),
  /** The user has deferred it (until the deadline at most). */
  deferred: z.boolean(),
  /** Whether "Later" is still offered (days left, and the policy allows deferral at all). */
  canDefer: z.boolean(),
});
export type Deferral = z.infer<typeof Deferral>;

export const UpdateStatus = z.object({
  host: z.enum(['desktop', 'browser']),
  currentVersion: z.string(),
  channel: UpdateChannelName,
  policy: z.array(PolicyEntry),
  /** The machine policy file could not be used (not JSON, wrong values): in words. */
  policyProblem: z.string().nullable(),
  /** This version is below the minimum: a banner that cannot be dismissed, sync paused. */
  mustUpdate: z.boolean(),
  mustUpdateMessage: z.string().nullable(),
  phase: UpdatePhase,
  offeredVersion: z.string().nullable(),
  /** Release notes as plain text (markup removed in the core): the UI shows them as text. */
  releaseNotes: z.string().nullable(),
  releaseDate: z.string().nullable(),
  progress: UpdateProgress.nullable(),
  /** Why nothing was installed, why the check failed, or what happens next: in words. */
  message: z.string().nullable(),
  /** When a downloaded update installs. */
  installWhen: z.enum(['on-quit', 'on-next-launch', 'manual', 'deferred']),
  deferral: Deferral.nullable(),
  lastCheckedAt: z.string().nullable(),
});
export type UpdateStatus = z.infer<typeof UpdateStatus>;

export const UpdatePreferencesInput = z.strictObject({
  channel: UpdateChannelName.optional(),
  installMode: InstallModeName.optional(),
});

export const updatesApi = {
  /** Version, channel, the resolved policy with each key's source and lock, and the updater's state. */
  status: method(z.strictObject({}), UpdateStatus),
  /** Asks the feed now (the answer arrives as `updates.state` events). Refused in the browser host. */
  check: method(z.strictObject({}), UpdateStatus),
  /** Downloads the offered update (manual install mode). */
  download: method(z.strictObject({}), UpdateStatus),
  /** Postpones the offered update, within the policy's days; refused when none are left. */
  defer: method(z.strictObject({}), UpdateStatus),
  /** Quits and installs the downloaded update now. */
  installNow: method(z.strictObject({}), UpdateStatus),
  /** The user's own channel and install mode; refused for a key the policy locks. */
  setPreferences: method(UpdatePreferencesInput, UpdateStatus),
};

export const updatesEvents = {
  /** The updater's state changed (checking, progress, downloaded, refused, policy changed). */
  'updates.state': UpdateStatus,
} as const;
