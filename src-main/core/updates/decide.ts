/**
 * The update decisions, pure: whether an offered version may be installed on this device, when
 * a downloaded update installs (install mode, deferral, minimum version) and whether a feed URL
 * may be used at all. The core computes them for the screen; the desktop shell runs the same
 * functions inside electron-updater's check, so what the screen says is what happens.
 */
import type { Deferral } from '../../../src-shared/api/updates';
import type { InstallMode, UpdatePolicyValues } from './policy';
import { effectivePercent, inRollout, rolloutBucket } from './rollout';
import { compareVersions, parseVersion } from './version';

export interface OfferContext {
  currentVersion: string;
  policy: Pick<UpdatePolicyValues, 'pinnedVersion' | 'minimumVersion' | 'rolloutPercent'>;
  /** The id rollout buckets hash (this install's id). */
  deviceId: string;
}

/** What the feed offers: the fields of latest*.yml the decision reads. */
export interface Offer {
  version: string;
  stagingPercentage?: unknown;
}

export type OfferJudgement =
  | { take: true; downgrade: boolean; reason: string }
  | { take: false; kind: 'up-to-date' | 'refused' | 'not-yet'; reason: string };

/** True when this version is below the policy's minimum: the app must update. */
export function belowMinimum(currentVersion: string, minimumVersion: string | null): boolean {
  return minimumVersion !== null && compareVersions(currentVersion, minimumVersion) < 0;
}

export function mustUpdateMessage(currentVersion: string, minimumVersion: string | null): string | null {
  if (!belowMinimum(currentVersion, minimumVersion)) return null;
  return `Your organization requires ComplyFlow ${minimumVersion} or newer; this is ${currentVersion}. Sync is paused until you update. Your work here is kept.`;
}

export function judgeOffer(context: OfferContext, offer: Offer): OfferJudgement {
  const { currentVersion, policy } = context;
  if (!parseVersion(offer.version)) {
    return {
      take: false,
      kind: 'refused',
      reason: `The update feed names a version that is not one (“${offer.version.slice(0, 40)}”); nothing was installed.`,
    };
  }
  const order = compareVersions(offer.version, currentVersion);
  const pin = policy.pinnedVersion;
  if (pin !== null) {
    if (compareVersions(offer.version, pin) !== 0) {
      if (compareVersions(currentVersion, pin) === 0)
        return {
          take: false,
          kind: 'up-to-date',
          reason: `Your organization pins ComplyFlow ${pin}; this computer runs it. Version ${offer.version} on the feed is not installed.`,
        };
      return {
        take: false,
        kind: 'refused',
        reason: `Your organization pins ComplyFlow ${pin}, but the feed offers ${offer.version}; nothing was installed. Ask IT to publish ${pin} on the feed.`,
      };
    }
    if (order === 0)
      return { take: false, kind: 'up-to-date', reason: `ComplyFlow ${pin} (pinned by your organization) is installed.` };
    // The pin is the only way to an older version (allowDowngrade is set for it alone).
    return {
      take: true,
      downgrade: order < 0,
      reason: `Your organization pins ComplyFlow ${pin}: it is installed${order < 0 ? ' although it is older than this version' : ''}.`,
    };
  }
  if (order === 0)
    return { take: false, kind: 'up-to-date', reason: `ComplyFlow ${currentVersion} is the newest version on your channel.` };
  if (order < 0) {
    return {
      take: false,
      kind: 'refused',
      reason: `The feed offers ${offer.version}, older than this version (${currentVersion}); ComplyFlow never goes back to an older version unless your organization pins it. Nothing was installed.`,
    };
  }
  const percent = effectivePercent(policy.rolloutPercent, offer.stagingPercentage);
  // Below the minimum, the update is needed whatever the rollout says.
  if (
    !belowMinimum(currentVersion, policy.minimumVersion) &&
    !inRollout(rolloutBucket(context.deviceId, offer.version), percent)
  ) {
    return {
      take: false,
      kind: 'not-yet',
      reason: `Version ${offer.version} is being rolled out to ${percent}% of computers; this one gets it in a later stage.`,
    };
  }
  return { take: true, downgrade: false, reason: `Version ${offer.version} is available.` };
}

/** Whether electron-updater may ever go to an older version: only towards a pin older than this one. */
export function allowDowngradeFor(currentVersion: string, pinnedVersion: string | null): boolean {
  return pinnedVersion !== null && compareVersions(pinnedVersion, currentVersion) < 0;
}

const DAY_MS = 86_400_000;

/** What the device remembers about an offered update the user may postpone. */
export interface DeferralRecord {
  version: string;
  /** When this device first saw the version offered (deferral days count from here). */
  firstOfferedAt: string;
  deferred: boolean;
}

export function deferralFor(record: DeferralRecord | null, deferDays: number, mustUpdate: boolean, now: Date): Deferral | null {
  if (!record) return null;
  const deadline = new Date(Date.parse(record.firstOfferedAt) + deferDays * DAY_MS);
  const left = deadline.getTime() - now.getTime();
  const daysLeft = left > 0 ? Math.ceil(left / DAY_MS) : 0;
  const open = left > 0 && !mustUpdate;
  return {
    version: record.version,
    deadline: deadline.toISOString(),
    daysLeft,
    deferred: record.deferred && open,
    canDefer: deferDays > 0 && open,
  };
}

export interface InstallPlan {
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  installWhen: 'on-quit' | 'on-next-launch' | 'manual' | 'deferred';
  /** Install a download from an earlier run as soon as the app starts (on-next-launch). */
  installAtLaunch: boolean;
}

/**
 * When a downloaded update installs:
 *   below the minimum → at the next quit whatever the mode (and "Install now" is offered);
 *   deferred by the user within the policy's days → not at quit until the deadline;
 *   the deadline passed → at the next quit, whatever the mode;
 *   otherwise the install mode: on-quit, on-next-launch (downloaded now, installed when the app
 *   next starts), manual (nothing downloads or installs until the user says).
 */
export function installPlan(mode: InstallMode, mustUpdate: boolean, deferral: Deferral | null): InstallPlan {
  if (mustUpdate) return { autoDownload: true, autoInstallOnAppQuit: true, installWhen: 'on-quit', installAtLaunch: false };
  if (deferral?.deferred)
    return { autoDownload: mode !== 'manual', autoInstallOnAppQuit: false, installWhen: 'deferred', installAtLaunch: false };
  if (deferral && deferral.daysLeft === 0)
    return { autoDownload: true, autoInstallOnAppQuit: true, installWhen: 'on-quit', installAtLaunch: false };
  if (mode === 'on-next-launch')
    return { autoDownload: true, autoInstallOnAppQuit: false, installWhen: 'on-next-launch', installAtLaunch: true };
  if (mode === 'manual')
    return { autoDownload: false, autoInstallOnAppQuit: false, installWhen: 'manual', installAtLaunch: false };
  return { autoDownload: true, autoInstallOnAppQuit: true, installWhen: 'on-quit', installAtLaunch: false };
}

const LOOPBACK = new Set(['127.0.0.1', '[::1]', 'localhost']);

/**
 * Null when the updater may fetch from `url`, otherwise why not in words. HTTPS only; plain
 * http to a loopback address only in test mode (set by the shell for unpackaged test runs,
 * never by the renderer).
 */
export function feedUrlProblem(url: string, allowLoopbackHttp: boolean): string | null {
  if (!URL.canParse(url)) return `The update feed address “${url.slice(0, 200)}” is not a URL; nothing was checked or installed.`;
  const parsed = new URL(url);
  if (parsed.protocol === 'https:') return null;
  if (parsed.protocol === 'http:' && allowLoopbackHttp && LOOPBACK.has(parsed.hostname)) return null;
  return `The update feed ${parsed.origin} is not HTTPS; ComplyFlow only takes updates over HTTPS, so nothing was installed.`;
}
