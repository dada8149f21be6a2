/**
 * Runs electron-updater (autoUpdater in the app; an AppImageUpdater with a stand-in adapter in
 * tests) as the core's plan says: feed URL checked to be HTTPS, channel, downgrade allowed only
 * towards a pin, download and install-on-quit per install mode. The core's own decision
 * (judgeOffer: pin, rollout per device, no downgrade without a pin) replaces electron-updater's
 * rollout check, and every file URL the feed names must be HTTPS too. After a download the
 * file's size must be what the feed says (electron-updater checks only sha512). Every outcome is
 * reported to the core in words.
 */
import { statSync, unlinkSync } from 'node:fs';
import path from 'node:path';
import type { AppUpdater, ProgressInfo, UpdateDownloadedEvent, UpdateInfo } from 'electron-updater';
import { feedUrlProblem, judgeOffer } from '../../core/updates/decide';
import type { UpdaterCommand, UpdaterPlan, UpdaterReport } from '../../core/updates/updater-protocol';
import { updaterErrorWords } from './error-words';

export interface DriverOptions {
  /** Plain http to 127.0.0.1 allowed: only an unpackaged test run sets it, never the renderer. */
  allowLoopbackHttp: boolean;
  report(report: UpdaterReport): void;
  /** The feed URL of app-update.yml (written at packaging), used when the plan names none. */
  defaultFeedUrl(): Promise<string | null>;
}

export interface UpdateDriver {
  handle(command: UpdaterCommand): Promise<void>;
}

type Refusal = { version: string | null; reason: string; kind: 'refused' | 'not-yet' | 'up-to-date' };

const notesText = (notes: UpdateInfo['releaseNotes']): string | null => {
  if (notes == null) return null;
  if (typeof notes === 'string') return notes;
  return notes.map((n) => `${n.version}\n${n.note ?? ''}`).join('\n\n');
};

export function createUpdateDriver(updater: AppUpdater, options: DriverOptions): UpdateDriver {
  let plan: UpdaterPlan | null = null;
  let feedUrl: string | null = null;
  let refusal: Refusal | null = null;
  /** A download that failed our own checks: never installed. */
  let rejectedDownload = false;
  let downloaded: string | null = null;
  const report = options.report;

  // Our decision replaces electron-updater's rollout check: it runs for every offered version
  // that differs from this one (before electron-updater compares newer / older).
  updater.isUserWithinRollout = (info: UpdateInfo) => {
    refusal = null;
    if (!plan || !feedUrl) return false;
    for (const file of info.files ?? []) {
      const url = URL.canParse(file.url, feedUrl) ? new URL(file.url, feedUrl).href : file.url;
      const problem = feedUrlProblem(url, options.allowLoopbackHttp);
      if (problem) {
        refusal = {
          version: info.version,
          reason: problem.replace('The update feed', 'An installer on the update feed'),
          kind: 'refused',
        };
        return false;
      }
    }
    const judgement = judgeOffer(plan.offer, { version: info.version, stagingPercentage: info.stagingPercentage });
    if (!judgement.take) refusal = { version: info.version, reason: judgement.reason, kind: judgement.kind };
    return judgement.take;
  };

  updater.on('download-progress', (progress: ProgressInfo) =>
    report({ event: 'progress', transferred: progress.transferred, total: progress.total, percent: progress.percent }),
  );
  updater.on('update-downloaded', (event: UpdateDownloadedEvent) => {
    const name = path.basename(event.downloadedFile);
    const files = event.files ?? [];
    const info =
      files.find((f) => path.basename(decodeURIComponent(new URL(f.url, feedUrl ?? 'https://x.invalid/').pathname)) === name) ??
      (files.length === 1 ? files[0] : undefined);
    const actual = statSync(event.downloadedFile).size;
    if (!info || typeof info.size !== 'number' || info.size !== actual) {
      rejectedDownload = true;
      updater.autoInstallOnAppQuit = false;
      try {
        unlinkSync(event.downloadedFile);
      } catch {
        // Already gone: nothing to install either way.
      }
      report({
        event: 'refused',
        version: event.version,
        reason:
          info?.size == null
            ? 'The update feed does not say how large the installer is, so the download cannot be verified; nothing was installed.'
            : `The downloaded update is ${actual} bytes but the feed says ${info.size}: it was discarded and nothing was installed.`,
      });
      return;
    }
    downloaded = event.version;
    report({ event: 'downloaded', version: event.version });
  });

  const configure = (next: UpdaterPlan) => {
    plan = next;
    // Setting the channel makes electron-updater allow downgrades: set ours after it.
    updater.channel = next.channel;
    updater.allowDowngrade = next.allowDowngrade;
    updater.autoDownload = next.autoDownload;
    updater.autoInstallOnAppQuit = next.autoInstallOnAppQuit && !rejectedDownload;
  };

  const check = async () => {
    if (!plan) return report({ event: 'error', message: 'The updater has no policy yet; nothing was checked.' });
    const url = plan.feedUrl ?? (await options.defaultFeedUrl());
    if (!url)
      return report({
        event: 'error',
        message: 'No update feed is configured for this copy of ComplyFlow (app-update.yml has none, and no policy names one).',
      });
    const problem = feedUrlProblem(url, options.allowLoopbackHttp);
    if (problem) return report({ event: 'refused', version: null, reason: problem });
    feedUrl = url.endsWith('/') ? url : `${url}/`;
    updater.setFeedURL({ provider: 'generic', url: feedUrl, channel: plan.channel });
    updater.channel = plan.channel;
    updater.allowDowngrade = plan.allowDowngrade;
    rejectedDownload = false;
    downloaded = null;
    refusal = null;
    report({ event: 'checking' });
    let result: Awaited<ReturnType<AppUpdater['checkForUpdates']>>;
    try {
      result = await updater.checkForUpdates();
    } catch (error) {
      return report({ event: 'error', message: updaterErrorWords(error) });
    }
    if (!result)
      return report({
        event: 'error',
        message: 'This copy of ComplyFlow is not an installed app, so it does not update itself.',
      });
    if (!result.isUpdateAvailable) {
      const why = refusal as Refusal | null;
      if (why?.kind === 'refused') return report({ event: 'refused', version: why.version, reason: why.reason });
      if (why?.kind === 'not-yet')
        return report({ event: 'not-yet', version: why.version ?? result.updateInfo.version, reason: why.reason });
      return report({
        event: 'not-available',
        version: result.updateInfo.version,
        reason: why?.reason ?? `ComplyFlow ${plan.offer.currentVersion} is the newest version on the ${plan.channel} channel.`,
      });
    }
    const info = result.updateInfo;
    report({
      event: 'available',
      version: info.version,
      releaseNotes: notesText(info.releaseNotes),
      releaseDate: info.releaseDate ?? null,
    });
    // autoDownload started it; its failure arrives here (already in words for the user).
    await result.downloadPromise?.catch((error: unknown) => report({ event: 'error', message: updaterErrorWords(error) }));
  };

  const download = async () => {
    try {
      await updater.downloadUpdate();
    } catch (error) {
      report({ event: 'error', message: updaterErrorWords(error) });
    }
  };

  const install = () => {
    if (rejectedDownload || !downloaded)
      return report({ event: 'error', message: 'No verified update is downloaded; nothing was installed.' });
    report({ event: 'installing', version: downloaded });
    // Silent, and the new version starts once installed.
    updater.quitAndInstall(true, true);
  };

  return {
    async handle(command) {
      if (command.command === 'configure') return configure(command.plan);
      if (command.command === 'check') return check();
      if (command.command === 'download') return download();
      return install();
    },
  };
}
