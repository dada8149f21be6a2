/** The words of Settings → Updates: policy keys, their sources and values, the updater's phases. */
import type { PolicyEntry, UpdateKey, UpdateStatus } from '../../../src-shared/api/updates';

export const KEY_LABEL: Record<UpdateKey, string> = {
  channel: 'Channel',
  minimumVersion: 'Minimum version',
  pinnedVersion: 'Pinned version',
  rolloutPercent: 'Staged rollout',
  deferDays: 'Days an update may wait',
  installMode: 'When updates install',
};

const INSTALL_MODE: Record<string, string> = {
  'on-quit': 'When you quit ComplyFlow',
  'on-next-launch': 'When ComplyFlow next starts',
  manual: 'Only when you choose',
};

export const CHANNEL_LABEL: Record<string, string> = { latest: 'Stable (latest)', beta: 'Beta' };

export function valueText(entry: PolicyEntry): string {
  if (entry.value === null) return entry.key === 'pinnedVersion' ? 'Not pinned' : 'Not set';
  if (entry.key === 'installMode') return INSTALL_MODE[String(entry.value)] ?? String(entry.value);
  if (entry.key === 'channel') return CHANNEL_LABEL[String(entry.value)] ?? String(entry.value);
  if (entry.key === 'rolloutPercent') return `${entry.value}% of computers`;
  if (entry.key === 'deferDays')
    return entry.value === 0 ? 'No deferral' : `Up to ${entry.value} ${entry.value === 1 ? 'day' : 'days'}`;
  return String(entry.value);
}

export const SOURCE_TEXT: Record<PolicyEntry['source'], string> = {
  machine: 'Set by this computer’s policy (IT)',
  organization: 'Set by your organization',
  user: 'Your choice',
  default: 'Default',
};

export function phaseText(status: UpdateStatus): string {
  switch (status.phase) {
    case 'unsupported':
      return 'Updates are handled by the ComplyFlow desktop app.';
    case 'idle':
      return 'Not checked yet.';
    case 'checking':
      return 'Checking for updates…';
    case 'up-to-date':
      return 'ComplyFlow is up to date.';
    case 'available':
      return `Version ${status.offeredVersion} is available.`;
    case 'downloading':
      return `Downloading version ${status.offeredVersion}…`;
    case 'downloaded':
      return `Version ${status.offeredVersion} is ready to install.`;
    case 'refused':
      return 'The update was not installed.';
    case 'error':
      return 'The update check did not finish.';
  }
}

export function installWhenText(status: UpdateStatus): string {
  switch (status.installWhen) {
    case 'on-quit':
      return 'It installs when you quit ComplyFlow.';
    case 'on-next-launch':
      return 'It installs when ComplyFlow next starts.';
    case 'manual':
      return 'It installs when you choose Install now.';
    case 'deferred':
      return status.deferral
        ? `Deferred: ${status.deferral.daysLeft} ${status.deferral.daysLeft === 1 ? 'day' : 'days'} left, then it installs at the next quit.`
        : 'Deferred.';
  }
}
