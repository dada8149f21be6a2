/**
 * The content-addressed file store (DESIGN §3): each file lives once at
 * <root>/sha256/ab/cdef… named by its SHA-256. Writes are atomic (temp file in the same folder,
 * fsync, rename, fsync the folder), reads verify the hash, and a sha256 is checked to be 64
 * lowercase hex characters before any path is built from it. No other name ever reaches the
 * file system.
 */
import { createHash, randomBytes } from 'node:crypto';
import * as nodeFs from 'node:fs';
import path from 'node:path';
import { AppError, ErrorCode } from '../../../src-shared/errors';

const SHA256 = /^[0-9a-f]{64}$/;

/** The few fs calls the store makes; tests pass a recording implementation. */
export interface BlobIo {
  existsSync(p: string): boolean;
  readFileSync(p: string): Buffer;
  readSync(fd: number, buffer: Buffer, offset: number, length: number, position: number | null): number;
  mkdirSync(p: string, options: { recursive: true; mode: number }): unknown;
  openSync(p: string, flags: string, mode?: number): number;
  writeSync(fd: number, buffer: Buffer, offset: number, length: number): number;
  fsyncSync(fd: number): void;
  closeSync(fd: number): void;
  renameSync(from: string, to: string): void;
  rmSync(p: string, options: { force: true }): void;
  readdirSync(p: string): string[];
}

export interface BlobStore {
  put(bytes: Buffer): { sha256: string; size: number };
  /**
   * Moves a file staged in this store (files/staged-files.ts, already hashed while it was
   * copied) to its content-addressed place by rename; when an intact copy is there already,
   * the staged one is removed instead.
   */
  adopt(stagedPath: string, sha256: string): void;
  has(sha256: string): boolean;
  /** The SHA-256 of every file stored here (names that are not a blob's are passed over). */
  list(): Iterable<string>;
  /** The bytes, verified against their hash; FileRejected when missing or altered. */
  read(sha256: string): Buffer;
  /**
   * Checks a stored file against its SHA-256 a megabyte at a time and answers its size, with
   * read's refusals: for callers that stream the file from pathOf afterwards (an export).
   */
  verify(sha256: string): { size: number };
  /**
   * Copies the file to `destination` (a new file, read-only) and verifies the copy's hash a
   * megabyte at a time, never holding the whole file; the same refusals as read, and no copy
   * is left behind on a refusal.
   */
  copyVerified(sha256: string, destination: string): void;
  pathOf(sha256: string): string;
}

export const sha256Of = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

export function assertSha256(sha256: unknown): asserts sha256 is string {
  if (typeof sha256 !== 'string' || !SHA256.test(sha256)) {
    throw new AppError(ErrorCode.InvalidInput, 'A file reference must be a SHA-256 of 64 lowercase hex characters.');
  }
}

export function createBlobStore(rootDir: string, io: BlobIo = nodeFs as unknown as BlobIo): BlobStore {
  const pathOf = (sha256: string) => {
    assertSha256(sha256);
    return path.join(rootDir, 'sha256', sha256.slice(0, 2), sha256.slice(2));
  };

  const fsyncFolder = (folder: string) => {
    // Makes the rename itself durable. Windows cannot open a folder for fsync; NTFS journals it.
    if (process.platform === 'win32') return;
    const fd = io.openSync(folder, 'r');
    try {
      io.fsyncSync(fd);
    } finally {
      io.closeSync(fd);
    }
  };

  /** Hashes a stored file a megabyte at a time (a blob may be gigabytes): its size, or null when it does not match. */
  const measure = (file: string, sha256: string): number | null => {
    let fd: number | null = null;
    try {
      fd = io.openSync(file, 'r');
      const hash = createHash('sha256');
      const buffer = Buffer.allocUnsafe(1024 * 1024);
      let size = 0;
      for (let n = io.readSync(fd, buffer, 0, buffer.length, null); n > 0; n = io.readSync(fd, buffer, 0, buffer.length, null)) {
        hash.update(buffer.subarray(0, n));
        size += n;
      }
      return hash.digest('hex') === sha256 ? size : null;
    } catch {
      return null;
    } finally {
      if (fd !== null) io.closeSync(fd);
    }
  };
  const intact = (file: string, sha256: string) => measure(file, sha256) !== null;
  const notHere = (sha256: string) => new AppError(ErrorCode.FileRejected, `The file ${sha256} is not on this device.`);
  const altered = (sha256: string) =>
    new AppError(ErrorCode.FileRejected, `The stored file ${sha256} has been altered: its contents no longer match its SHA-256.`);

  return {
    pathOf,

    put(bytes) {
      const sha256 = sha256Of(bytes);
      const target = pathOf(sha256);
      // Same bytes, same path: an intact copy is never rewritten; a damaged one is replaced.
      if (io.existsSync(target) && intact(target, sha256)) return { sha256, size: bytes.length };
      const folder = path.dirname(target);
      io.mkdirSync(folder, { recursive: true, mode: 0o700 });
      const temp = path.join(folder, `.tmp-${randomBytes(12).toString('hex')}`);
      let fd: number | null = null;
      try {
        fd = io.openSync(temp, 'wx', 0o600);
        let written = 0;
        while (written < bytes.length) written += io.writeSync(fd, bytes, written, bytes.length - written);
        io.fsyncSync(fd);
        io.closeSync(fd);
        fd = null;
        io.renameSync(temp, target);
      } catch (error) {
        if (fd !== null) io.closeSync(fd);
        io.rmSync(temp, { force: true });
        throw new AppError(ErrorCode.FileRejected, `The file could not be stored: ${(error as Error).message}`);
      }
      fsyncFolder(folder);
      return { sha256, size: bytes.length };
    },

    adopt(stagedPath, sha256) {
      const target = pathOf(sha256);
      if (io.existsSync(target) && intact(target, sha256)) {
        io.rmSync(stagedPath, { force: true });
        return;
      }
      const folder = path.dirname(target);
      try {
        io.mkdirSync(folder, { recursive: true, mode: 0o700 });
        io.renameSync(stagedPath, target);
      } catch (error) {
        io.rmSync(stagedPath, { force: true });
        throw new AppError(ErrorCode.FileRejected, `The file could not be stored: ${(error as Error).message}`);
      }
      fsyncFolder(folder);
    },

    has(sha256) {
      return io.existsSync(pathOf(sha256));
    },

    *list() {
      const names = (folder: string) => {
        try {
          return io.readdirSync(folder);
        } catch {
          return []; // no store yet, or a folder gone meanwhile
        }
      };
      const base = path.join(rootDir, 'sha256');
      for (const head of names(base)) {
        if (!/^[0-9a-f]{2}$/.test(head)) continue;
        for (const rest of names(path.join(base, head))) if (SHA256.test(head + rest)) yield head + rest;
      }
    },

    read(sha256) {
      const file = pathOf(sha256);
      let bytes: Buffer;
      try {
        bytes = io.readFileSync(file);
      } catch {
        throw notHere(sha256);
      }
      if (sha256Of(bytes) !== sha256) throw altered(sha256);
      return bytes;
    },

    verify(sha256) {
      const file = pathOf(sha256);
      if (!io.existsSync(file)) throw notHere(sha256);
      const size = measure(file, sha256);
      if (size === null) throw altered(sha256);
      return { size };
    },

    copyVerified(sha256, destination) {
      const file = pathOf(sha256);
      if (!io.existsSync(file)) throw notHere(sha256);
      nodeFs.copyFileSync(file, destination, nodeFs.constants.COPYFILE_EXCL);
      nodeFs.chmodSync(destination, 0o400);
      // The copy is what the user's app opens or keeps: it is the one whose hash counts.
      if (!intact(destination, sha256)) {
        nodeFs.rmSync(destination, { force: true });
        throw altered(sha256);
      }
    },
  };
}
