import { describe, expect, it } from 'vitest';
import {
  availabilityText,
  bytesProgressText,
  cacheUsageText,
  canPause,
  canResume,
  DAMAGED_TEXT,
  offlineProgressText,
  offlineSummaryText,
  percentDone,
  resumeLabel,
  transferStateText,
} from '../../../../src-renderer/features/files/file-words';

const MB = 1024 * 1024;

describe('transfer progress in words', () => {
  it('gives whole percents, never below 0 or above 100, and 0 for an unknown total', () => {
    expect(percentDone(0, 100)).toBe(0);
    expect(percentDone(31, 100)).toBe(31);
    expect(percentDone(999, 1000)).toBe(99);
    expect(percentDone(150, 100)).toBe(100);
    expect(percentDone(-5, 100)).toBe(0);
    expect(percentDone(10, 0)).toBe(0);
  });

  it('says bytes done of the total, clamped to the total', () => {
    expect(bytesProgressText(12 * MB, 38 * MB)).toBe('12 MB of 38 MB (31%)');
    expect(bytesProgressText(40 * MB, 38 * MB)).toBe('38 MB of 38 MB (100%)');
    expect(bytesProgressText(0, 512)).toBe('0 bytes of 512 bytes (0%)');
  });

  it('names each state by direction', () => {
    expect(transferStateText('queued', 'upload')).toBe('Waiting to upload');
    expect(transferStateText('queued', 'download')).toBe('Waiting to download');
    expect(transferStateText('running', 'upload')).toBe('Uploading');
    expect(transferStateText('running', 'download')).toBe('Downloading');
    expect(transferStateText('paused', 'download')).toBe('Paused');
    expect(transferStateText('damaged', 'download')).toBe('Damaged on the server');
    expect(transferStateText('done', 'upload')).toBe('Uploaded');
  });

  it('offers pause for unfinished work and resume for paused or failed work only', () => {
    expect(['queued', 'running', 'failed'].every((s) => canPause(s as 'queued'))).toBe(true);
    expect(['paused', 'damaged', 'done'].some((s) => canPause(s as 'paused'))).toBe(false);
    expect(['paused', 'failed'].every((s) => canResume(s as 'paused'))).toBe(true);
    expect(['queued', 'running', 'damaged', 'done'].some((s) => canResume(s as 'queued'))).toBe(false);
    expect(resumeLabel('paused')).toBe('Resume');
    expect(resumeLabel('failed')).toBe('Retry now');
  });
});

describe('where an evidence file is', () => {
  it('says where the file is, with its size', () => {
    expect(availabilityText('remote', 38 * MB)).toBe('Not on this computer · 38 MB');
    expect(availabilityText('local', 2048)).toBe('On this computer · 2 KB');
    expect(availabilityText('downloading', 38 * MB)).toBe('Downloading · 38 MB');
    expect(availabilityText('damaged', 38 * MB)).toBe('Damaged on the server · 38 MB');
  });

  it('explains a damaged server copy and what happens next', () => {
    expect(DAMAGED_TEXT).toMatch(/^The file on the server does not match its fingerprint/);
    expect(DAMAGED_TEXT).toMatch(/repaired when a computer that holds the original file uploads it again/);
  });
});

describe('an audit going offline', () => {
  it('shows the total first: files, size and what is still to download', () => {
    expect(offlineSummaryText({ files: 3, bytes: 120 * MB, bytesToDownload: 80 * MB, filesToDownload: 2 })).toBe(
      '3 files, 120 MB in all. 80 MB (2 files) still to download to this computer.',
    );
    expect(offlineSummaryText({ files: 1, bytes: 5 * MB, bytesToDownload: 5 * MB })).toBe(
      '1 file, 5 MB in all. 5 MB still to download to this computer.',
    );
    expect(offlineSummaryText({ files: 2, bytes: 10 * MB, bytesToDownload: 0 })).toBe(
      '2 files, 10 MB in all. Every file is already on this computer; they will be kept offline.',
    );
    expect(offlineSummaryText({ files: 0, bytes: 0, bytesToDownload: 0 })).toMatch(/no evidence files/);
  });

  it('reports download progress, then that all is there', () => {
    expect(offlineProgressText(10 * MB, 40 * MB)).toBe('Downloading for offline use: 10 MB of 40 MB (25%)');
    expect(offlineProgressText(40 * MB, 40 * MB)).toMatch(/^Every file of this audit is on this computer/);
    expect(offlineProgressText(0, 0)).toMatch(/^Every file/);
  });

  it('says the cache use against its limit', () => {
    expect(cacheUsageText(1536 * MB, 5 * 1024 * MB)).toBe('Using 1.5 GB of 5 GB on this computer');
  });
});
