/**
 * The content-addressed store on a real folder: atomic writes leave no temp files, the same
 * bytes land once, a changed byte is refused on read, and a malformed sha256 is refused
 * before the store makes any file-system call.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBlobStore, type BlobIo } from '../../../../src-main/core/evidence/blob-store';
import { AppError, ErrorCode } from '../../../../src-shared/errors';
import { tempDir } from '../../../support/temp-dir';
import { walk } from './walk';

let dir: ReturnType<typeof tempDir>;
beforeEach(() => {
  dir = tempDir('complyflow-blobs-');
});
afterEach(() => dir.remove());

const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** The real fs, with the name of every call the store makes recorded. */
function recordingIo(): { io: BlobIo; calls: string[] } {
  const calls: string[] = [];
  const io = new Proxy(fs as unknown as BlobIo, {
    get: (target, prop: string) => {
      const real = (target as unknown as Record<string, unknown>)[prop];
      return typeof real === 'function'
        ? (...args: unknown[]) => {
            calls.push(prop);
            return (real as (...a: unknown[]) => unknown)(...args);
          }
        : real;
    },
  });
  return { io, calls };
}

function expectAppError(fn: () => unknown, code: string, pattern?: RegExp) {
  let thrown: unknown;
  try {
    fn();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(AppError);
  expect((thrown as AppError).code).toBe(code);
  if (pattern) expect((thrown as AppError).message).toMatch(pattern);
}

describe('blob store', () => {
  it('stores a file at sha256/ab/cdef… and reads it back verified', () => {
    const store = createBlobStore(dir.path);
    const bytes = Buffer.from('MFA is enforced for every admin account.\n');
    const { sha256, size } = store.put(bytes);
    expect(sha256).toBe(sha(bytes));
    expect(size).toBe(bytes.length);
    expect(store.pathOf(sha256)).toBe(path.join(dir.path, 'sha256', sha256.slice(0, 2), sha256.slice(2)));
    expect(walk(dir.path)).toEqual([path.join('sha256', sha256.slice(0, 2), sha256.slice(2))]);
    expect(store.has(sha256)).toBe(true);
    expect(store.read(sha256).equals(bytes)).toBe(true);
  });

  it('writes atomically: no temp file is left behind, even when a write fails midway', () => {
    const store = createBlobStore(dir.path);
    for (let i = 0; i < 20; i++) store.put(Buffer.from(`file ${i}`));
    expect(walk(dir.path).filter((f) => path.basename(f).startsWith('.tmp-'))).toEqual([]);
    expect(walk(dir.path)).toHaveLength(20);

    const failing: BlobIo = {
      ...(fs as unknown as BlobIo),
      fsyncSync: () => {
        throw new Error('disk full');
      },
    };
    const broken = createBlobStore(dir.path, failing);
    expectAppError(() => broken.put(Buffer.from('never stored')), ErrorCode.FileRejected, /disk full/);
    expect(walk(dir.path)).toHaveLength(20);
    expect(walk(dir.path).some((f) => path.basename(f).startsWith('.tmp-'))).toBe(false);
  });

  it('is idempotent: the same bytes map to the same path and an intact file is not rewritten', () => {
    const store = createBlobStore(dir.path);
    const bytes = Buffer.from('same evidence twice');
    const first = store.put(bytes);
    const file = store.pathOf(first.sha256);
    const inode = fs.statSync(file).ino;
    const renames: string[] = [];
    const recording = createBlobStore(dir.path, {
      ...(fs as unknown as BlobIo),
      renameSync: (a, b) => {
        renames.push(b);
        fs.renameSync(a, b);
      },
    });
    expect(recording.put(bytes)).toEqual(first);
    expect(renames).toEqual([]);
    expect(fs.statSync(file).ino).toBe(inode);
    expect(walk(dir.path)).toHaveLength(1);
  });

  it('refuses to read a stored file whose bytes were changed, naming its sha256, and a later put repairs it', () => {
    const store = createBlobStore(dir.path);
    const bytes = Buffer.from('access review: 12 accounts, 0 exceptions');
    const { sha256 } = store.put(bytes);
    const file = store.pathOf(sha256);
    const tampered = Buffer.from(bytes);
    tampered[0] ^= 0x01;
    fs.writeFileSync(file, tampered);
    expectAppError(() => store.read(sha256), ErrorCode.FileRejected, new RegExp(sha256));
    store.put(bytes);
    expect(store.read(sha256).equals(bytes)).toBe(true);
  });

  it('copies a file out verified (read-only copy); an altered or missing file leaves no copy', () => {
    const store = createBlobStore(path.join(dir.path, 'store'));
    const bytes = Buffer.alloc(3 * 1024 * 1024 + 11, 7); // more than one megabyte-sized chunk
    const { sha256 } = store.put(bytes);
    const out = path.join(dir.path, 'copy.bin');
    store.copyVerified(sha256, out);
    expect(fs.readFileSync(out).equals(bytes)).toBe(true);
    expect(fs.statSync(out).mode & 0o777).toBe(0o400);
    // A copy never overwrites a file that is there already.
    expect(() => store.copyVerified(sha256, out)).toThrow(/EEXIST/);

    const tampered = Buffer.from(bytes);
    tampered[tampered.length - 1] ^= 0x01;
    fs.writeFileSync(store.pathOf(sha256), tampered);
    const second = path.join(dir.path, 'second.bin');
    expectAppError(() => store.copyVerified(sha256, second), ErrorCode.FileRejected, /has been altered/);
    expect(fs.existsSync(second)).toBe(false);
    expectAppError(() => store.copyVerified('b'.repeat(64), second), ErrorCode.FileRejected, /not on this device/);
    expect(fs.existsSync(second)).toBe(false);
  });

  it('verifies a stored file a megabyte at a time and answers its size, never reading it whole', () => {
    const { io, calls } = recordingIo();
    const store = createBlobStore(dir.path, io);
    const bytes = Buffer.alloc(3 * 1024 * 1024 + 11, 5);
    const { sha256 } = store.put(bytes);
    calls.length = 0;
    expect(store.verify(sha256)).toEqual({ size: bytes.length });
    expect(calls).not.toContain('readFileSync');
    expect(calls.filter((c) => c === 'readSync').length).toBeGreaterThan(3);

    const tampered = Buffer.from(bytes);
    tampered[2 * 1024 * 1024] ^= 0x01;
    fs.writeFileSync(store.pathOf(sha256), tampered);
    expectAppError(() => store.verify(sha256), ErrorCode.FileRejected, /has been altered/);
    expectAppError(() => store.verify('c'.repeat(64)), ErrorCode.FileRejected, /not on this device/);
  });

  it('refuses a missing file with FILE_REJECTED', () => {
    const store = createBlobStore(dir.path);
    expectAppError(() => store.read('a'.repeat(64)), ErrorCode.FileRejected, /not on this device/);
  });

  const badShas: [string, unknown][] = [
    ['path traversal', '../../etc/passwd'],
    ['traversal padded to 64', `../../${'a'.repeat(58)}`],
    ['uppercase hex', 'AB'.repeat(32)],
    ['63 characters', 'a'.repeat(63)],
    ['65 characters', 'a'.repeat(65)],
    ['non-hex letters', 'g'.repeat(64)],
    ['trailing newline', `${'a'.repeat(64)}\n`],
    ['absolute path', `/${'a'.repeat(63)}`],
    ['empty', ''],
    ['not a string', 42],
  ];
  it.each(badShas.map(([name, value]) => ({ name, value })))('refuses sha256 "$name" before any fs call', ({ value }) => {
    const { io, calls } = recordingIo();
    const store = createBlobStore(dir.path, io);
    for (const op of [() => store.read(value as string), () => store.has(value as string), () => store.pathOf(value as string)]) {
      expectAppError(op, ErrorCode.InvalidInput);
    }
    expect(calls).toEqual([]);
    expect(walk(dir.path)).toEqual([]);
  });
});
