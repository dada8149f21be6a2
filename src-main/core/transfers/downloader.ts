/**
 * One download of an evidence file from Storage into the blob store. Bytes go to a partial file
 * while they are hashed; a dropped connection keeps the partial so the next try asks only for
 * the rest (Range), and nothing becomes a blob until the whole file hashes to its name. A file
 * whose bytes hash to something else, or whose size the server states as another, is damaged
 * on the server: the partial goes, nothing is stored. A full disk removes the partial too (it
 * would only fill the disk again).
 */
import { createHash, type Hash } from 'node:crypto';
import { createReadStream, closeSync, fsyncSync, openSync, rmSync, writeSync } from 'node:fs';
import { AppError } from '../../../src-shared/errors';
import type { BlobStore } from '../evidence/blob-store';
import { adoptIntoStore, ensurePartialFolder, partialPath, sizeOf } from './blob-files';
import { authHeaders, objectUrl, type StorageAccess } from './storage-endpoint';

export interface DownloadJob {
  orgId: string;
  sha256: string;
  sizeBytes: number;
  blobs: BlobStore;
  blobsRoot: string;
  access: StorageAccess;
  fetch?: typeof fetch;
  onProgress(bytesDone: number): void;
}

export type DownloadOutcome =
  | { kind: 'done' }
  | { kind: 'damaged'; message: string }
  | { kind: 'retry'; message: string }
  | { kind: 'refused'; message: string }
  | { kind: 'aborted' };

export interface RunningDownload {
  outcome: Promise<DownloadOutcome>;
  abort(): void;
}

export const DAMAGED_MESSAGE =
  'The file on the server is not what its name says (its bytes have another SHA-256); nothing was stored.';

const mb = (bytes: number) => `${(bytes / (1024 * 1024)).toFixed(1)} MB`;

/**
 * The object's whole size as the server states it: Content-Range's total on 206 and 416,
 * Content-Length on a plain 200; null when it does not say (or when an encoding changes it).
 */
export function announcedSize(response: Response): number | null {
  const range = /\/(\d+)$/.exec(response.headers.get('content-range') ?? '');
  if ((response.status === 206 || response.status === 416) && range) return Number(range[1]);
  const length = response.headers.get('content-length');
  if (response.status === 200 && length !== null && /^\d+$/.test(length) && !response.headers.get('content-encoding'))
    return Number(length);
  return null;
}

async function hashExisting(file: string, hash: Hash): Promise<void> {
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
}

export function startDownload(job: DownloadJob): RunningDownload {
  const controller = new AbortController();
  const partial = partialPath(job.blobsRoot, job.sha256);
  let received = 0;

  const run = async (): Promise<DownloadOutcome> => {
    ensurePartialFolder(job.blobsRoot);
    let have = sizeOf(partial);
    if (have > job.sizeBytes) {
      rmSync(partial, { force: true });
      have = 0;
    }
    let access;
    try {
      access = await job.access();
    } catch (error) {
      return { kind: 'retry', message: error instanceof AppError ? error.message : String(error) };
    }
    const headers: Record<string, string> = authHeaders(access);
    if (have > 0) headers.range = `bytes=${have}-`;
    let response: Response;
    try {
      response = await (job.fetch ?? fetch)(objectUrl(access, job.orgId, job.sha256), { headers, signal: controller.signal });
    } catch {
      if (controller.signal.aborted) return { kind: 'aborted' };
      return { kind: 'retry', message: 'Storage could not be reached; the download is tried again.' };
    }
    const total = announcedSize(response);
    if (total !== null && total !== job.sizeBytes) {
      // Shorter or longer than the file it is named after: whatever it holds, it is not that file
      // (a shorter copy would otherwise be "resumed" past its end, and restarted, for ever).
      await response.body?.cancel();
      rmSync(partial, { force: true });
      return { kind: 'damaged', message: DAMAGED_MESSAGE };
    }
    if (response.status === 416 && have === job.sizeBytes) {
      // Everything is here already (a kill after the last byte): only the check is left.
    } else if (
      response.status === 416 ||
      (response.status === 206 && !response.headers.get('content-range')?.startsWith(`bytes ${have}-`))
    ) {
      // The server cannot continue where the partial ends: start over next time.
      await response.body?.cancel();
      rmSync(partial, { force: true });
      return { kind: 'retry', message: 'The server could not continue the download where it stopped; it starts over.' };
    } else if (response.status === 404 || response.status === 400) {
      await response.body?.cancel();
      return {
        kind: 'retry',
        message: 'The file is not on the server yet (the device that added it has not uploaded it); tried again later.',
      };
    } else if (response.status === 401) {
      await response.body?.cancel();
      return { kind: 'retry', message: 'The session expired; the download goes on after sign-in.' };
    } else if (response.status === 403) {
      await response.body?.cancel();
      return { kind: 'refused', message: 'Storage refused the download: you may not read files of this organization.' };
    } else if (response.status !== 200 && response.status !== 206) {
      await response.body?.cancel();
      return { kind: 'retry', message: `Storage answered ${response.status}; the download is tried again.` };
    }
    // A 200 to a ranged request is the whole file again: start over.
    if (response.status === 200) have = 0;
    const hash = createHash('sha256');
    if (have > 0) await hashExisting(partial, hash);
    received = have;
    job.onProgress(received);
    if (response.status === 200 || response.status === 206) {
      const fd = openSync(partial, have > 0 ? 'a' : 'w', 0o600);
      try {
        const reader = response.body!.getReader();
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          received += value.byteLength;
          if (received > job.sizeBytes) {
            await reader.cancel();
            closeSync(fd);
            rmSync(partial, { force: true });
            return { kind: 'damaged', message: DAMAGED_MESSAGE };
          }
          hash.update(value);
          let written = 0;
          while (written < value.byteLength) written += writeSync(fd, value, written, value.byteLength - written);
          job.onProgress(received);
        }
        fsyncSync(fd);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOSPC') {
          closeSync(fd);
          rmSync(partial, { force: true });
          return {
            kind: 'retry',
            message: 'The disk is full: the download stopped and nothing was kept. Free some space; it is tried again.',
          };
        }
        closeSync(fd);
        if (controller.signal.aborted) return { kind: 'aborted' };
        return { kind: 'retry', message: `The connection dropped at ${mb(received)}; the download resumes from there.` };
      }
      closeSync(fd);
    }
    if (received < job.sizeBytes) {
      return { kind: 'retry', message: `The connection dropped at ${mb(received)}; the download resumes from there.` };
    }
    if (hash.digest('hex') !== job.sha256) {
      rmSync(partial, { force: true });
      return { kind: 'damaged', message: DAMAGED_MESSAGE };
    }
    adoptIntoStore(job.blobs, partial, job.sha256);
    return { kind: 'done' };
  };

  const outcome = run().catch((error: unknown): DownloadOutcome => {
    if (controller.signal.aborted) return { kind: 'aborted' };
    return { kind: 'retry', message: `The download failed: ${(error as Error).message}` };
  });
  return { outcome, abort: () => controller.abort() };
}
