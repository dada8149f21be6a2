/**
 * Files on their way into evidence: copied into `<blobs>/staged/<id>` and hashed while they
 * copy (stream-into-store.ts), then taken by the one record that names the id (evidence.add or
 * replaceFile), which renames the file into its content-addressed place. The sources are a path
 * (the desktop app: a file the user chose in main's dialog, or dropped) and a stream (the browser
 * host's upload endpoint, against a one-time ticket from `reserveUpload`).
 *
 * What is refused, in words, with nothing left behind: an empty file (when chosen, before any
 * form), one over the limit (before copying when its size is known, else while streaming), a
 * path that is not a regular file, a file that changed or went away while it was copied (size,
 * modification time or identity differ afterwards), a full disk. Staged files not taken within
 * STAGED_FILE_TTL_MS are removed, and the folder is emptied when the workspace opens
 * (blob-cleanup.ts).
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import path from 'node:path';
import { STAGED_FILE_TTL_MS, formatBytes, sizeLimitMessage, type StagedFile } from '../../../src-shared/domain/evidence';
import { AppError, ErrorCode } from '../../../src-shared/errors';
import { detectMimeType, displayFileName } from '../evidence/file-checks';
import type { EventSink } from '../events';
import { CHUNK_BYTES, copyIntoStore, fileChunks, storeFailure, type StreamIo } from './stream-into-store';

export const stagedFolder = (blobsRoot: string) => path.join(blobsRoot, 'staged');

export interface StagingOptions {
  blobsRoot: string;
  /** The size limit now (Settings → Evidence). */
  limit: () => number;
  emit?: EventSink;
  nowMs?: () => number;
  io?: StreamIo;
  /** Bytes per read from a path (tests make it small to act between chunks). */
  chunkBytes?: number;
}

interface Entry {
  file: StagedFile;
  path: string;
  stagedAt: number;
}

interface Ticket {
  fileName: string;
  sizeBytes: number;
  issuedAt: number;
}

/** A file name short enough for a message line. */
export const shortName = (name: string) => {
  const chars = [...name];
  return chars.length <= 80 ? name : `${chars.slice(0, 60).join('')}…${chars.slice(-19).join('')}`;
};

const emptyMessage = (name: string) => `“${shortName(name)}” is empty: there is nothing to keep as evidence.`;

export function createStagedFiles(options: StagingOptions) {
  const nowMs = options.nowMs ?? Date.now;
  const folder = stagedFolder(options.blobsRoot);
  const staged = new Map<string, Entry>();
  const tickets = new Map<string, Ticket>();

  const sweep = () => {
    const oldest = nowMs() - STAGED_FILE_TTL_MS;
    for (const [id, entry] of staged)
      if (entry.stagedAt < oldest) {
        staged.delete(id);
        rmSync(entry.path, { force: true });
      }
    for (const [id, ticket] of tickets) if (ticket.issuedAt < oldest) tickets.delete(id);
  };

  const checkSize = (name: string, size: number) => {
    if (size === 0) throw new AppError(ErrorCode.FileRejected, emptyMessage(name));
    const limit = options.limit();
    if (size > limit) throw new AppError(ErrorCode.FileRejected, sizeLimitMessage(shortName(name), size, limit));
  };

  const progress = (progressId: string | undefined, name: string, total: number) => {
    if (!progressId || !options.emit) return undefined;
    const step = Math.max(CHUNK_BYTES, Math.floor(total / 100));
    let last = -1;
    const label = `Copying “${shortName(name)}”`;
    options.emit('job.progress', { jobId: progressId, label, done: 0, total });
    return (done: number) => {
      if (done !== total && last >= 0 && done - last < step) return;
      last = done;
      options.emit!('job.progress', { jobId: progressId, label, done, total });
    };
  };

  /** Copies chunks to `<staged>/<id>`; `verify` runs before the rename (a refusal leaves nothing). */
  const stage = async (
    name: string,
    chunks: AsyncIterable<Buffer>,
    expectedSize: number,
    progressId: string | undefined,
    verify?: (size: number) => Promise<void>,
  ): Promise<StagedFile> => {
    sweep();
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    const id = randomUUID();
    const target = path.join(folder, id);
    const limit = Math.min(options.limit(), expectedSize);
    const result = await copyIntoStore({
      target,
      chunks,
      // Never more than announced: a longer body is refused at the byte that exceeds it.
      limit,
      displayName: shortName(name),
      onProgress: progress(progressId, name, expectedSize),
      io: options.io,
      beforeCommit: async ({ size }) => {
        if (size === 0) throw new AppError(ErrorCode.FileRejected, emptyMessage(name));
        if (size !== expectedSize)
          throw new AppError(
            ErrorCode.FileRejected,
            `“${shortName(name)}” ended after ${formatBytes(size)} of ${formatBytes(expectedSize)}: it was not copied in full, so nothing was kept.`,
          );
        await verify?.(size);
      },
    }).catch((error: unknown) => {
      // The limit applied is the announced size when that is smaller: say which one was passed.
      if (error instanceof AppError && /larger than the limit/.test(error.message) && limit < options.limit()) {
        throw new AppError(
          ErrorCode.FileRejected,
          `“${shortName(name)}” sent more than the ${formatBytes(expectedSize)} it announced; nothing was kept.`,
        );
      }
      throw error;
    });
    const file: StagedFile = {
      id,
      fileName: name,
      sizeBytes: result.size,
      sha256: result.sha256,
      mimeType: detectMimeType(result.head, name, result.size),
    };
    staged.set(id, { file, path: target, stagedAt: nowMs() });
    return file;
  };

  return {
    /**
     * Copies the file at `filePath` (a path main handed the core: chosen in its dialog or dropped
     * and confirmed there; never one from the renderer). Its name is the path's last segment.
     */
    async fromPath(filePath: string, progressId?: string): Promise<StagedFile> {
      const name = displayFileName(path.basename(filePath));
      let handle;
      try {
        handle = await open(filePath, 'r');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT')
          throw new AppError(ErrorCode.FileRejected, `“${shortName(name)}” is no longer there: it was moved or deleted.`);
        throw storeFailure(error, shortName(name));
      }
      try {
        const before = await handle.stat();
        if (!before.isFile())
          throw new AppError(
            ErrorCode.FileRejected,
            `“${shortName(name)}” is not a file (a folder or a device): it cannot be evidence.`,
          );
        checkSize(name, before.size);
        const changed = () =>
          new AppError(
            ErrorCode.FileRejected,
            `“${shortName(name)}” changed while it was being copied, so nothing was kept. Add it again once it is saved.`,
          );
        return await stage(name, fileChunks(handle, options.chunkBytes), before.size, progressId, async (size) => {
          const after = await handle.stat();
          let there;
          try {
            there = await stat(filePath);
          } catch {
            throw new AppError(
              ErrorCode.FileRejected,
              `“${shortName(name)}” was moved or deleted while it was being copied, so nothing was kept.`,
            );
          }
          const same = (s: typeof after) => s.size === before.size && s.mtimeMs === before.mtimeMs && s.ino === before.ino;
          if (size !== before.size || !same(after) || !same(there) || there.dev !== before.dev) throw changed();
        }).catch((error: unknown) => {
          // Shorter or longer than it was when opened: the file changed under the copy.
          if (error instanceof AppError && /ended after|sent more than/.test(error.message)) throw changed();
          throw error;
        });
      } finally {
        await handle.close();
      }
    },

    /** A one-time ticket for one upload of exactly `sizeBytes`; empty or too large is refused now. */
    reserveUpload(fileName: string, sizeBytes: number): { uploadId: string } {
      sweep();
      const name = displayFileName(fileName);
      checkSize(name, sizeBytes);
      const uploadId = randomUUID();
      tickets.set(uploadId, { fileName: name, sizeBytes, issuedAt: nowMs() });
      return { uploadId };
    },

    /**
     * Takes the ticket (used once, even when the upload fails) and stages the body. The host
     * checked Content-Length equals the ticket's size; this checks the bytes themselves.
     */
    async receiveUpload(uploadId: string, body: AsyncIterable<Buffer>): Promise<StagedFile> {
      const ticket = tickets.get(uploadId);
      if (!ticket)
        throw new AppError(ErrorCode.NotFound, 'This upload ticket was used already or has expired: add the file again.');
      tickets.delete(uploadId);
      checkSize(ticket.fileName, ticket.sizeBytes);
      return stage(ticket.fileName, body, ticket.sizeBytes, uploadId);
    },

    ticket(uploadId: string): { fileName: string; sizeBytes: number } | null {
      const ticket = tickets.get(uploadId);
      return ticket ? { fileName: ticket.fileName, sizeBytes: ticket.sizeBytes } : null;
    },

    /** The staged file and where it is, without taking it (for checks before a record is written). */
    peek(id: string): { file: StagedFile; path: string } {
      sweep();
      const entry = staged.get(id);
      if (!entry)
        throw new AppError(
          ErrorCode.NotFound,
          'The chosen file is no longer waiting (it was added already, or waited more than an hour): choose it again.',
        );
      return { file: entry.file, path: entry.path };
    },

    /** Hands the staged file over once; the caller renames it into the store or removes it. */
    take(id: string): { file: StagedFile; path: string } {
      const found = this.peek(id);
      staged.delete(id);
      return found;
    },

    discard(id: string): boolean {
      const entry = staged.get(id);
      if (!entry) return false;
      staged.delete(id);
      rmSync(entry.path, { force: true });
      return true;
    },

    /** Staged files waiting now (their ids), for tests and diagnostics. */
    waiting(): string[] {
      return [...staged.keys()];
    },
  };
}

export type StagedFiles = ReturnType<typeof createStagedFiles>;

/** Empties the staged folder (the workspace is opening: no record can be waiting for these). */
export function clearStagedFolder(blobsRoot: string): number {
  const folder = stagedFolder(blobsRoot);
  let removed = 0;
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return 0;
  }
  for (const name of names) {
    rmSync(path.join(folder, name), { force: true, recursive: true });
    removed += 1;
  }
  return removed;
}
