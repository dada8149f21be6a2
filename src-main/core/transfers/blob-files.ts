/**
 * File-level helpers over the content-addressed store for transfers: where a partial download
 * waits (`<blobs>/partial/<sha256>`, outside the `sha256/` tree, so it is never taken for a
 * blob), moving a verified file into place atomically, and removing a blob (eviction, GC).
 * Every path is built from a checked SHA-256, never from a name a user or a server gave.
 */
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { assertSha256, type BlobStore } from '../evidence/blob-store';

export function partialPath(blobsRoot: string, sha256: string): string {
  assertSha256(sha256);
  return path.join(blobsRoot, 'partial', sha256);
}

export function ensurePartialFolder(blobsRoot: string): void {
  mkdirSync(path.join(blobsRoot, 'partial'), { recursive: true, mode: 0o700 });
}

export function sizeOf(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

const fsyncFolder = (folder: string) => {
  if (process.platform === 'win32') return;
  const fd = openSync(folder, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
};

/** Moves a fully written, fsynced, verified file to its blob path (same file system: a rename). */
export function adoptIntoStore(blobs: BlobStore, file: string, sha256: string): void {
  const target = blobs.pathOf(sha256);
  const folder = path.dirname(target);
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  renameSync(file, target);
  fsyncFolder(folder);
}

/** Removes a blob from this computer (the server keeps its copy). */
export function removeBlob(blobs: BlobStore, sha256: string): void {
  rmSync(blobs.pathOf(sha256), { force: true });
}
