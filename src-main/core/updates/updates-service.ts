/**
 * The core's side of updates: resolves the policy (machine > organization > user), decides when
 * an update installs, keeps the state Settings → Updates shows, and tells the desktop shell's
 * updater what to do. Without a shell (browser host) it still answers the policy and says that
 * the desktop app handles updates.
 */
import type { UpdateStatus } from '../../../src-shared/api/updates';
import { AppError, ErrorCode } from '../../../src-shared/errors';
import { allowDowngradeFor, belowMinimum, deferralFor, installPlan, mustUpdateMessage, type InstallPlan } from './decide';
import type { MachineUpdatePolicy } from './machine-update-policy';
import {
  lockReason,
  resolveUpdatePolicy,
  type EffectiveUpdatePolicy,
  type OrgUpdatePolicyValues,
  type UserUpdateChoices,
} from './policy';
import { releaseNotesText } from './release-notes';
import type { UpdateSettingsStore } from './update-settings';
import type { UpdaterPlan, UpdaterReport, UpdaterShell } from './updater-protocol';

export interface UpdatesServiceOptions {
  appVersion: string;
  settings: UpdateSettingsStore;
  machine: MachineUpdatePolicy | null;
  /** The machine policy file's problem in words (not JSON, wrong values), or null. */
  machineProblem: string | null;
  /** The open organization's policy from the last sync, or null (local workspace, never synced). */
  readOrg: () => OrgUpdatePolicyValues | null;
  /** The desktop shell's updater; null in the browser host. */
  shell: UpdaterShell | null;
  emit: (status: UpdateStatus) => void;
  now?: () => Date;
  /** Desktop only: first check this long after start, then every `checkEveryMs` (0 = never by itself). */
  firstCheckMs?: number;
  checkEveryMs?: number;
}

type Live = Pick<UpdateStatus, 'phase' | 'offeredVersion' | 'releaseNotes' | 'releaseDate' | 'progress' | 'message'>;

export interface UpdatesService {
  status(): UpdateStatus;
  policy(): EffectiveUpdatePolicy;
  check(): UpdateStatus;
  download(): UpdateStatus;
  defer(): UpdateStatus;
  installNow(): UpdateStatus;
  setPreferences(choices: UserUpdateChoices): UpdateStatus;
  /** A report from main's updater. */
  onReport(report: UpdaterReport): void;
  /** The organization's policy may have changed (a sync brought one, another workspace opened). */
  policyChanged(): void;
}

export function createUpdatesService(options: UpdatesServiceOptions): UpdatesService {
  const now = options.now ?? (() => new Date());
  const { settings, shell } = options;
  let live: Live = {
    phase: shell ? 'idle' : 'unsupported',
    offeredVersion: null,
    releaseNotes: null,
    releaseDate: null,
    progress: null,
    message: shell ? null : 'Updates are handled by the ComplyFlow desktop app; this browser host does not update itself.',
  };
  let lastPlan = '';
  // An update downloaded in an earlier run for on-next-launch installs once it is found again.
  const pendingAtStart = settings.read().awaitingLaunchInstall;

  const policy = () => {
    const saved = settings.read();
    return resolveUpdatePolicy({
      machine: options.machine,
      org: options.readOrg(),
      user: { channel: saved.channel, installMode: saved.installMode },
    });
  };

  const compute = (): { status: UpdateStatus; plan: InstallPlan; effective: EffectiveUpdatePolicy } => {
    const effective = policy();
    const { values } = effective;
    const must = belowMinimum(options.appVersion, values.minimumVersion);
    const record = settings.read().deferral;
    const deferral = deferralFor(record && record.version === live.offeredVersion ? record : null, values.deferDays, must, now());
    const plan = installPlan(values.installMode, must, deferral);
    const status: UpdateStatus = {
      host: shell ? 'desktop' : 'browser',
      currentVersion: options.appVersion,
      channel: values.channel,
      policy: effective.entries,
      policyProblem: options.machineProblem,
      mustUpdate: must,
      mustUpdateMessage: mustUpdateMessage(options.appVersion, values.minimumVersion),
      ...live,
      installWhen: plan.installWhen,
      deferral,
      lastCheckedAt: settings.read().lastCheckedAt,
    };
    return { status, plan, effective };
  };

  const announce = () => {
    const { status, plan, effective } = compute();
    if (shell) {
      const next: UpdaterPlan = {
        feedUrl: effective.feedUrl,
        channel: effective.values.channel,
        allowDowngrade: allowDowngradeFor(options.appVersion, effective.values.pinnedVersion),
        autoDownload: plan.autoDownload,
        autoInstallOnAppQuit: plan.autoInstallOnAppQuit,
        installAtLaunch: plan.installAtLaunch,
        offer: {
          currentVersion: options.appVersion,
          deviceId: settings.read().installId,
          policy: {
            pinnedVersion: effective.values.pinnedVersion,
            minimumVersion: effective.values.minimumVersion,
            rolloutPercent: effective.values.rolloutPercent,
          },
        },
      };
      const text = JSON.stringify(next);
      if (text !== lastPlan) {
        lastPlan = text;
        shell.send({ type: 'updater-command', command: 'configure', plan: next });
      }
    }
    options.emit(status);
    return status;
  };

  const needShell = (): UpdaterShell => {
    if (!shell)
      throw new AppError(
        ErrorCode.Conflict,
        'Updates are handled by the ComplyFlow desktop app; the browser host cannot check or install them.',
      );
    return shell;
  };

  const service: UpdatesService = {
    status: () => compute().status,
    policy,
    check() {
      const target = needShell();
      announce();
      live = { ...live, phase: 'checking', message: null };
      target.send({ type: 'updater-command', command: 'check' });
      return announce();
    },
    download() {
      const target = needShell();
      if (live.phase !== 'available')
        throw new AppError(ErrorCode.Conflict, 'There is no update to download: check for updates first.');
      target.send({ type: 'updater-command', command: 'download' });
      return announce();
    },
    defer() {
      const { status } = compute();
      if (!status.offeredVersion || !status.deferral) throw new AppError(ErrorCode.Conflict, 'There is no update to defer.');
      if (!status.deferral.canDefer) {
        throw new AppError(
          ErrorCode.Conflict,
          status.mustUpdate
            ? 'This update cannot be deferred: your organization requires a newer version than this one.'
            : `This update cannot be deferred any longer: your organization allows ${policy().values.deferDays} days. It installs at the next quit.`,
        );
      }
      settings.update({ deferral: { ...settings.read().deferral!, deferred: true } });
      return announce();
    },
    installNow() {
      const target = needShell();
      if (live.phase !== 'downloaded') throw new AppError(ErrorCode.Conflict, 'No update is downloaded yet.');
      target.send({ type: 'updater-command', command: 'install' });
      return announce();
    },
    setPreferences(choices) {
      const effective = policy();
      for (const key of Object.keys(choices) as (keyof UserUpdateChoices)[]) {
        const reason = lockReason(effective, key);
        if (reason) throw new AppError(ErrorCode.Forbidden, reason);
      }
      settings.update(choices);
      return announce();
    },
    onReport(report) {
      const at = now().toISOString();
      switch (report.event) {
        case 'checking':
          live = { ...live, phase: 'checking', message: null };
          break;
        case 'available': {
          live = {
            phase: 'available',
            offeredVersion: report.version,
            releaseNotes: releaseNotesText(report.releaseNotes),
            releaseDate: report.releaseDate,
            progress: null,
            message: null,
          };
          const record = settings.read().deferral;
          if (record?.version !== report.version)
            settings.update({ deferral: { version: report.version, firstOfferedAt: at, deferred: false } });
          settings.update({ lastCheckedAt: at });
          break;
        }
        case 'not-available':
          live = { ...live, phase: 'up-to-date', offeredVersion: null, progress: null, message: report.reason };
          settings.update({ lastCheckedAt: at });
          break;
        case 'not-yet':
          live = { ...live, phase: 'up-to-date', offeredVersion: null, progress: null, message: report.reason };
          settings.update({ lastCheckedAt: at });
          break;
        case 'refused':
          live = { ...live, phase: 'refused', progress: null, message: report.reason };
          settings.update({ lastCheckedAt: at });
          break;
        case 'progress':
          live = {
            ...live,
            phase: 'downloading',
            progress: {
              transferred: report.transferred,
              total: report.total,
              percent: Math.max(0, Math.min(100, report.percent)),
            },
          };
          break;
        case 'downloaded': {
          live = { ...live, phase: 'downloaded', offeredVersion: report.version, progress: null, message: null };
          const { plan } = compute();
          if (plan.installAtLaunch && pendingAtStart === report.version) {
            settings.update({ awaitingLaunchInstall: null });
            shell?.send({ type: 'updater-command', command: 'install' });
          } else if (plan.installAtLaunch) {
            settings.update({ awaitingLaunchInstall: report.version });
            live = { ...live, message: `ComplyFlow ${report.version} is downloaded and installs when the app next starts.` };
          }
          break;
        }
        case 'installing':
          live = { ...live, message: `Installing ComplyFlow ${report.version}; the app restarts.` };
          break;
        case 'error':
          live = { ...live, phase: 'error', progress: null, message: report.message };
          break;
      }
      announce();
    },
    policyChanged: () => void announce(),
  };
  if (shell) {
    const timer = setTimeout(() => service.check(), options.firstCheckMs ?? 5_000);
    timer.unref?.();
    const every = options.checkEveryMs ?? 4 * 3_600_000;
    if (every > 0) setInterval(() => service.check(), every).unref?.();
  }
  return service;
}
