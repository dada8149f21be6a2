/**
 * A download that meets a full disk: /dev/full's real ENOSPC under the partial file. The
 * download stops with words that say so, keeps nothing (the partial would only fill the disk
 * again), stores no blob, and the next try, with space again, fetches the whole file.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, lstatSync, mkdirSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createBlobStore } from '../../../../src-main/core/evidence/blob-store';
import { partialPath } from '../../../../src-main/core/transfers/blob-files';
import { startDownload } from '../../../../src-main/core/transfers/downloader';
import { tempDir } from '../../../support/temp-dir';
import { ANON_KEY, ORG_ID, TOKEN } from './fixture';
import { startTinyStorage } from './tiny-storage';

const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup.length = 0;
});

// /dev/full is Linux's; elsewhere (macOS, Windows) there is no real ENOSPC to borrow, so this is skipped there.
describe.skipIf(!existsSync('/dev/full'))('a download on a full disk', () => {
  it('stops in words, keeps no partial and no blob; with space again the next try completes', async () => {
    const dir = tempDir('complyflow-disk-full-');
    cleanup.push(() => dir.remove());
    const storage = await startTinyStorage({ dir: path.join(dir.path, 'server'), token: TOKEN });
    cleanup.push(() => storage.close());
    const bytes = randomBytes(256 * 1024);
    const sha256 = sha(bytes);
    storage.corrupt(ORG_ID, sha256, bytes); // the server holds the right bytes

    const blobsRoot = path.join(dir.path, 'blobs');
    const blobs = createBlobStore(blobsRoot);
    const partial = partialPath(blobsRoot, sha256);
    mkdirSync(path.dirname(partial), { recursive: true });
    symlinkSync('/dev/full', partial); // every write of the partial is ENOSPC
    const progress: number[] = [];
    const job = {
      orgId: ORG_ID,
      sha256,
      sizeBytes: bytes.length,
      blobs,
      blobsRoot,
      access: () => Promise.resolve({ url: storage.url, anonKey: ANON_KEY, accessToken: TOKEN }),
      onProgress: (done: number) => void progress.push(done),
    };
    const full = await startDownload(job).outcome;
    expect(full).toEqual({
      kind: 'retry',
      message: 'The disk is full: the download stopped and nothing was kept. Free some space; it is tried again.',
    });
    expect(() => lstatSync(partial)).toThrow(/ENOENT/);
    expect(blobs.has(sha256)).toBe(false);

    expect(await startDownload(job).outcome).toEqual({ kind: 'done' });
    expect(blobs.read(sha256).equals(bytes)).toBe(true);
  });
});
