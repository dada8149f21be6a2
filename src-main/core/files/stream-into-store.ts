/**
 * Copies a file into a folder of the blob store while hashing it, one chunk at a time: the bytes
 * go to a temp file (`.tmp-<random>`, created exclusively, mode 0600), which is fsynced, closed
 * and renamed to its final name, then the folder is fsynced (as blob-store.ts does for small
 * buffers). Nothing ever holds the whole file: one chunk is in hand at a time and written before
 * the next is read. Any failure (a body over the limit, a full disk, a source that changed)
 * removes the temp file before the error reaches the caller, so nothing partial is left.
 */
import { createHash, randomBytes } from 'node:crypto';
import { open, rename, rm, type FileHandle } from 'node:fs/promises';
import { openSync, fsyncSync, closeSync } from 'node:fs';
import path from 'node:path';
import { formatBytes } from '../../../src-shared/domain/evidence';
import { AppError, ErrorCode } from '../../../src-shared/errors';

/** How many bytes are read and written at a time. */
export const CHUNK_BYTES = 1024 * 1024;
/** How much of the start of a file is kept to detect its type (file-checks.ts sniffs this much). */
export const HEAD_BYTES = 1024 * 1024;

/** The one fs call tests replace (to write into /dev/full and meet a real ENOSPC). */
export interface StreamIo {
  openTemp(file: string): Promise<FileHandle>;
}
export const nodeStreamIo: StreamIo = { openTemp: (file) => open(file, 'wx', 0o600) };

export interface CopyResult {
  sha256: string;
  size: number;
  /** The first HEAD_BYTES of the file (for type detection). */
  head: Buffer;
  /** The most bytes received but not yet written at any moment (the copy's memory, as a figure). */
  peakHeldBytes: number;
}

export interface CopyOptions {
  /** The final file: the temp file is made beside it, and renamed to it only once complete. */
  target: string;
  chunks: AsyncIterable<Buffer>;
  /** Refused past this many bytes, while streaming (nothing beyond it is written). */
  limit: number;
  /** The name to use in messages (display text). */
  displayName: string;
  onProgress?(done: number): void;
  /** Called once every byte is written, before the rename: a refusal here removes the temp file. */
  beforeCommit?(result: CopyResult): Promise<void> | void;
  io?: StreamIo;
}

/** A file-system failure in words a person can act on. */
export function storeFailure(error: unknown, displayName: string): AppError {
  if (error instanceof AppError) return error;
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOSPC' || code === 'EDQUOT')
    return new AppError(
      ErrorCode.FileRejected,
      `The disk is full: “${displayName}” could not be copied into ComplyFlow. Free some space and add it again (nothing was kept).`,
    );
  if (code === 'EACCES' || code === 'EPERM')
    return new AppError(ErrorCode.FileRejected, `ComplyFlow may not read or write “${displayName}” (permission denied).`);
  return new AppError(ErrorCode.FileRejected, `“${displayName}” could not be copied: ${(error as Error).message}`);
}

export const tooLarge = (displayName: string, limit: number) =>
  new AppError(
    ErrorCode.FileRejected,
    `“${displayName}” is larger than the limit of ${formatBytes(limit)} (Settings → Evidence); nothing was kept.`,
  );

function fsyncFolder(folder: string) {
  // Makes the rename durable. Windows cannot open a folder for fsync; NTFS journals it.
  if (process.platform === 'win32') return;
  const fd = openSync(folder, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

export async function copyIntoStore(options: CopyOptions): Promise<CopyResult> {
  const io = options.io ?? nodeStreamIo;
  const folder = path.dirname(options.target);
  const temp = path.join(folder, `.tmp-${randomBytes(12).toString('hex')}`);
  const hash = createHash('sha256');
  const head: Buffer[] = [];
  let headBytes = 0;
  let size = 0;
  let peakHeldBytes = 0;
  let handle: FileHandle | null = null;
  try {
    handle = await io.openTemp(temp);
    for await (const chunk of options.chunks) {
      peakHeldBytes = Math.max(peakHeldBytes, chunk.length);
      if (size + chunk.length > options.limit) throw tooLarge(options.displayName, options.limit);
      hash.update(chunk);
      if (headBytes < HEAD_BYTES) {
        const part = Buffer.from(chunk.subarray(0, HEAD_BYTES - headBytes));
        head.push(part);
        headBytes += part.length;
      }
      let written = 0;
      while (written < chunk.length) written += (await handle.write(chunk, written, chunk.length - written)).bytesWritten;
      size += chunk.length;
      options.onProgress?.(size);
    }
    await handle.sync();
    await handle.close();
    handle = null;
    const result: CopyResult = { sha256: hash.digest('hex'), size, head: Buffer.concat(head), peakHeldBytes };
    await options.beforeCommit?.(result);
    await rename(temp, options.target);
    fsyncFolder(folder);
    return result;
  } catch (error) {
    if (handle) await handle.close().catch(() => undefined);
    await rm(temp, { force: true });
    throw storeFailure(error, options.displayName);
  }
}

/** A file read through one reused buffer of CHUNK_BYTES (the caller writes each chunk before asking for the next). */
export async function* fileChunks(handle: FileHandle, chunkBytes = CHUNK_BYTES): AsyncGenerator<Buffer> {
  const buffer = Buffer.allocUnsafe(chunkBytes);
  let position = 0;
  for (;;) {
    const { bytesRead } = await handle.read(buffer, 0, chunkBytes, position);
    if (bytesRead === 0) return;
    position += bytesRead;
    yield buffer.subarray(0, bytesRead);
  }
}
