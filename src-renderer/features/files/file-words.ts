/**
 * What the files UI says, in one place (and unit-tested): where an evidence file is, how far a
 * transfer has got, what a damaged server copy means and what happens next, and the total an
 * audit needs before it can go offline. Plain functions of plain values, no API types.
 */
import { formatBytes } from '../../../src-shared/domain/evidence';
import { plural } from '../../../src-shared/words';

export type Direction = 'upload' | 'download';
export type TransferStateName = 'queued' | 'running' | 'paused' | 'failed' | 'damaged' | 'done';
export type FileWhere = 'local' | 'remote' | 'downloading' | 'damaged';

/** Whole percent done, 0 to 100; a file of 0 bytes total counts as done once it is. */
export function percentDone(done: number, total: number): number {
  if (total <= 0) return 0;
  return Math.max(0, Math.min(100, Math.floor((done / total) * 100)));
}

/** "12 MB of 38 MB (31%)". */
export function bytesProgressText(done: number, total: number): string {
  const shown = Math.min(Math.max(done, 0), total);
  return `${formatBytes(shown)} of ${formatBytes(total)} (${percentDone(shown, total)}%)`;
}

/** A transfer's state in words, as the Sync panel's State column shows it. */
export function transferStateText(state: TransferStateName, direction: Direction): string {
  switch (state) {
    case 'queued':
      return direction === 'upload' ? 'Waiting to upload' : 'Waiting to download';
    case 'running':
      return direction === 'upload' ? 'Uploading' : 'Downloading';
    case 'paused':
      return 'Paused';
    case 'failed':
      return 'Failed: will try again';
    case 'damaged':
      return 'Damaged on the server';
    case 'done':
      return direction === 'upload' ? 'Uploaded' : 'Downloaded';
  }
}

/**
 * Pause is offered for work that has not finished (a failed transfer is retried by itself, so
 * it can be paused too); resume for what was paused, and "Retry now" for what failed.
 */
export const canPause = (state: TransferStateName) => state === 'queued' || state === 'running' || state === 'failed';
export const canResume = (state: TransferStateName) => state === 'paused' || state === 'failed';
export const resumeLabel = (state: TransferStateName) => (state === 'failed' ? 'Retry now' : 'Resume');

/** The line at the top of an evidence item's file section. */
export function availabilityText(where: FileWhere, sizeBytes: number): string {
  const size = formatBytes(sizeBytes);
  switch (where) {
    case 'local':
      return `On this computer · ${size}`;
    case 'remote':
      return `Not on this computer · ${size}`;
    case 'downloading':
      return `Downloading · ${size}`;
    case 'damaged':
      return `Damaged on the server · ${size}`;
  }
}

/** The damaged-file alert: what was found, that nothing was kept, and what happens next. */
export const DAMAGED_TEXT =
  'The file on the server does not match its fingerprint (SHA-256), so it was not saved on this computer. ' +
  'It is repaired when a computer that holds the original file uploads it again, which happens by itself at its next sync; ' +
  'until then this file cannot be opened here. The evidence record itself is unchanged.';

/** Why "Keep offline" is there, next to the toggle. */
export const KEEP_OFFLINE_HINT =
  'Kept files stay on this computer for work without a network; others may be removed when the cache is full.';

export interface OfflineTotals {
  files: number;
  bytes: number;
  bytesToDownload: number;
  /** Files of the audit not on this computer yet, when the API says it. */
  filesToDownload?: number;
}

/** The confirm dialog's summary before an audit goes offline. */
export function offlineSummaryText(t: OfflineTotals): string {
  if (t.files === 0) return 'This audit has no evidence files yet: there is nothing to download.';
  const all = `${plural(t.files, 'file')}, ${formatBytes(t.bytes)} in all`;
  if (t.bytesToDownload <= 0) return `${all}. Every file is already on this computer; they will be kept offline.`;
  const waiting = t.filesToDownload === undefined ? '' : ` (${plural(t.filesToDownload, 'file')})`;
  return `${all}. ${formatBytes(t.bytesToDownload)}${waiting} still to download to this computer.`;
}

/** After pinning: how far the audit's downloads have got. */
export function offlineProgressText(done: number, total: number): string {
  if (total <= 0) return 'Every file of this audit is on this computer and kept offline.';
  if (done >= total) return 'Every file of this audit is on this computer and kept offline.';
  return `Downloading for offline use: ${bytesProgressText(done, total)}`;
}

/** The cache line in Settings: "Using 1.2 GB of 5 GB". */
export function cacheUsageText(usedBytes: number, limitBytes: number): string {
  return `Using ${formatBytes(usedBytes)} of ${formatBytes(limitBytes)} on this computer`;
}
