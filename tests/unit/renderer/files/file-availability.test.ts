import { describe, expect, it } from 'vitest';
import type { FileStatus } from '../../../../src-shared/domain/transfers';
import { fileIsHere, previewWaitText } from '../../../../src-renderer/features/files/file-availability';

const status = (availability: FileStatus['availability']): FileStatus => ({
  evidenceId: '10000000-0000-4000-8000-000000000001',
  sha256: 'a'.repeat(64),
  availability,
  pinned: false,
  sizeBytes: 1024,
  uploadPending: false,
});

describe('whether the evidence detail opens the file', () => {
  it('opens it only when it is here', () => {
    expect(fileIsHere({ status: status('local'), error: null })).toBe(true);
    for (const where of ['remote', 'downloading', 'damaged'] as const)
      expect(fileIsHere({ status: status(where), error: null })).toBe(false);
  });

  it('waits while where it is is not known yet, and tries when it cannot be told', () => {
    expect(fileIsHere({ status: null, error: null })).toBe(false);
    expect(fileIsHere({ status: null, error: 'The app core did not answer.' })).toBe(true);
  });

  it('says why there is no preview yet', () => {
    expect(previewWaitText({ status: null, error: null })).toBe('Loading preview…');
    expect(previewWaitText({ status: status('remote'), error: null })).toBe(
      'No preview: the file is not on this computer. Download it to see it here.',
    );
    expect(previewWaitText({ status: status('downloading'), error: null })).toMatch(/once the download has finished/);
    expect(previewWaitText({ status: status('damaged'), error: null })).toMatch(/damaged/);
  });
});
