/**
 * Files copied into the blob store by path and by stream (core/files/staged-files.ts) on real
 * files: a 300 MB file is hashed while it copies, one chunk in hand at a time (peak RSS growth
 * printed as a figure); a file changed, grown or removed mid-copy, a full disk (/dev/full's real
 * ENOSPC), a body longer or shorter than announced, an empty file, a folder or a device are
 * refused in words, and nothing partial is ever left in the store (the tests list its folder).
 */
import { createHash } from 'node:crypto';
import {
  appendFileSync,
  closeSync,
  mkdirSync,
  openSync,
  truncateSync,
  unlinkSync,
  utimesSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { open } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createStagedFiles, stagedFolder } from '../../../../src-main/core/files/staged-files';
import { CHUNK_BYTES, copyIntoStore, fileChunks } from '../../../../src-main/core/files/stream-into-store';
import { STAGED_FILE_TTL_MS } from '../../../../src-shared/domain/evidence';
import { tempDir } from '../../../support/temp-dir';
import { walk } from '../evidence/walk';

let dir: ReturnType<typeof tempDir>;
let blobs: string;
const MB = 1024 * 1024;
const sha = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');

beforeEach(() => {
  dir = tempDir();
  blobs = path.join(dir.path, 'blobs');
  mkdirSync(path.join(dir.path, 'outside'));
});
afterEach(() => dir.remove());

const source = (name: string, bytes: Buffer | string) => {
  const file = path.join(dir.path, 'outside', name);
  writeFileSync(file, bytes);
  return file;
};

type Progress = { jobId: string; done: number; total: number };
function staging(
  options: { limit?: number; onProgress?: (p: Progress) => void; chunkBytes?: number; nowMs?: () => number } = {},
) {
  return createStagedFiles({
    blobsRoot: blobs,
    limit: () => options.limit ?? 2 * 1024 * MB,
    chunkBytes: options.chunkBytes,
    nowMs: options.nowMs,
    emit: ((name: string, payload: Progress) => {
      if (name === 'job.progress') options.onProgress?.(payload);
    }) as never,
  });
}

async function* chunks(bytes: Buffer, size = 64 * 1024) {
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

describe('staging by path', () => {
  it('copies a 300 MB file one chunk at a time, hashing it as it goes, with progress', async () => {
    const file = path.join(dir.path, 'outside', 'recording.bin');
    writeFileSync(file, 'start of a screen recording');
    truncateSync(file, 300 * MB); // sparse: the rest reads as zeros
    const expected = createHash('sha256');
    const zeros = Buffer.alloc(MB);
    const head = Buffer.from('start of a screen recording');
    expected.update(head).update(zeros.subarray(head.length));
    for (let i = 1; i < 300; i++) expected.update(zeros);

    const progress: Progress[] = [];
    const rssBefore = process.memoryUsage().rss;
    let rssPeak = rssBefore;
    const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage().rss)), 20);
    const staged = await staging({ onProgress: (p) => progress.push(p) }).fromPath(file, '6d1b5c0e-7c1a-4d64-9a55-0e6a4b9b2f10');
    clearInterval(sampler);
    console.log(
      `[figure] staging 300 MB by path: peak RSS growth ${((rssPeak - rssBefore) / MB).toFixed(1)} MB (sampled every 20 ms)`,
    );

    expect(staged).toMatchObject({ fileName: 'recording.bin', sizeBytes: 300 * MB, sha256: expected.digest('hex') });
    expect(walk(blobs)).toEqual([path.join('staged', staged.id)]);
    // Progress in order up to the whole size, about every 1% (and never once per chunk).
    expect(progress[0]).toMatchObject({ done: 0, total: 300 * MB });
    expect(progress.at(-1)).toMatchObject({ done: 300 * MB, total: 300 * MB });
    expect(progress.length).toBeLessThanOrEqual(102);
    expect(progress.map((p) => p.done)).toEqual([...progress.map((p) => p.done)].sort((a, b) => a - b));
  }, 120_000);

  it('never holds more than one chunk of the file (the copy reads into one buffer and writes it before reading on)', async () => {
    const file = source('export.bin', Buffer.alloc(8 * MB + 123, 'x'));
    const handle = await open(file, 'r');
    const result = await copyIntoStore({
      target: path.join(dir.path, 'copy.bin'),
      chunks: fileChunks(handle),
      limit: 16 * MB,
      displayName: 'export.bin',
    });
    await handle.close();
    expect(result.size).toBe(8 * MB + 123);
    expect(result.peakHeldBytes).toBe(CHUNK_BYTES);
  });

  it('refuses a file that grows while it is copied, and leaves nothing', async () => {
    const file = source('log.txt', Buffer.alloc(4 * MB, 'a'));
    const stage = staging({
      chunkBytes: 64 * 1024,
      onProgress: (p) => p.done > 0 && p.done < 2 * MB && appendFileSync(file, 'more'),
    });
    await expect(stage.fromPath(file, '0f0c9a43-2bb4-4a7e-8f56-7d1f1e3f0a11')).rejects.toThrow(
      '“log.txt” changed while it was being copied, so nothing was kept. Add it again once it is saved.',
    );
    expect(walk(blobs)).toEqual([]);
  });

  it('refuses a file rewritten in place (same size, new modification time) while it is copied', async () => {
    const file = source('sheet.csv', Buffer.alloc(4 * MB, 'b'));
    let touched = false;
    const stage = staging({
      chunkBytes: 64 * 1024,
      onProgress: (p) => {
        if (touched || p.done === 0) return;
        touched = true;
        const fd = openSync(file, 'r+');
        writeSync(fd, Buffer.from('c'), 0, 1, 3 * MB);
        closeSync(fd);
        utimesSync(file, new Date(), new Date(Date.now() + 60_000));
      },
    });
    await expect(stage.fromPath(file, '0f0c9a43-2bb4-4a7e-8f56-7d1f1e3f0a12')).rejects.toThrow(
      /changed while it was being copied/,
    );
    expect(walk(blobs)).toEqual([]);
  });

  it('refuses a file removed while it is copied', async () => {
    const file = source('capture.png', Buffer.alloc(4 * MB, 'd'));
    let removed = false;
    const stage = staging({
      chunkBytes: 64 * 1024,
      onProgress: (p) => {
        if (removed || p.done === 0) return;
        removed = true;
        unlinkSync(file);
      },
    });
    await expect(stage.fromPath(file, '0f0c9a43-2bb4-4a7e-8f56-7d1f1e3f0a13')).rejects.toThrow(
      '“capture.png” was moved or deleted while it was being copied, so nothing was kept.',
    );
    expect(walk(blobs)).toEqual([]);
  });

  it('refuses an empty file, a folder, a device and a missing file in words, before copying', async () => {
    const stage = staging();
    await expect(stage.fromPath(source('empty.txt', ''))).rejects.toThrow(
      '“empty.txt” is empty: there is nothing to keep as evidence.',
    );
    await expect(stage.fromPath(path.join(dir.path, 'outside'))).rejects.toThrow(
      '“outside” is not a file (a folder or a device): it cannot be evidence.',
    );
    await expect(stage.fromPath('/dev/zero')).rejects.toThrow(
      '“zero” is not a file (a folder or a device): it cannot be evidence.',
    );
    await expect(stage.fromPath(path.join(dir.path, 'gone.pdf'))).rejects.toThrow(
      '“gone.pdf” is no longer there: it was moved or deleted.',
    );
    expect(walk(blobs)).toEqual([]);
  });

  it('refuses a file over the limit before copying, in the words of the size limit', async () => {
    const stage = staging({ limit: 2 * MB });
    await expect(stage.fromPath(source('backup.tar', Buffer.alloc(3 * MB)))).rejects.toThrow(
      '“backup.tar” is 3 MB; the limit is 2 MB (Settings → Evidence).',
    );
    expect(walk(blobs)).toEqual([]);
  });

  it('says the disk is full when a write meets ENOSPC, and removes the temp file', async () => {
    const file = source('video.mp4', Buffer.alloc(3 * MB, 'v'));
    const temps: string[] = [];
    const stage = createStagedFiles({
      blobsRoot: blobs,
      limit: () => 100 * MB,
      // The temp file is made where the store makes it; its writes go to /dev/full (a real ENOSPC).
      io: {
        openTemp: async (temp) => {
          temps.push(temp);
          await (await open(temp, 'wx', 0o600)).close();
          return open('/dev/full', 'w');
        },
      },
    });
    await expect(stage.fromPath(file)).rejects.toThrow(
      'The disk is full: “video.mp4” could not be copied into ComplyFlow. Free some space and add it again (nothing was kept).',
    );
    expect(temps).toHaveLength(1);
    expect(walk(blobs)).toEqual([]);
  });
});

describe('staging a stream (the browser host upload)', () => {
  it('keeps hostile names as display text; the store holds only its own names', async () => {
    const stage = staging();
    for (const [raw, shown] of [
      ['../../etc/passwd', '../../etc/passwd'],
      ['a\u0000b\u001b[31m.txt', 'a\u2400b\u241b[31m.txt'],
      ['invoice\u202efdp.exe', 'invoice\uFFFDfdp.exe'],
    ]) {
      const { uploadId } = stage.reserveUpload(raw, 5);
      const staged = await stage.receiveUpload(uploadId, chunks(Buffer.from('hello')));
      expect(staged).toMatchObject({ fileName: shown, sha256: sha('hello'), sizeBytes: 5 });
    }
    for (const file of walk(blobs)) expect(file).toMatch(/^staged[/\\][0-9a-f-]{36}$/);
    expect(walk(path.join(dir.path, 'outside'))).toEqual([]);
  });

  it('refuses a body longer or shorter than announced, at the byte that exceeds it, and the ticket is used once', async () => {
    const stage = staging();
    const long = stage.reserveUpload('report.pdf', 10);
    await expect(stage.receiveUpload(long.uploadId, chunks(Buffer.alloc(11)))).rejects.toThrow(
      '“report.pdf” sent more than the 10 bytes it announced; nothing was kept.',
    );
    await expect(stage.receiveUpload(long.uploadId, chunks(Buffer.alloc(10)))).rejects.toThrow(/used already or has expired/);
    const short = stage.reserveUpload('report.pdf', 10);
    await expect(stage.receiveUpload(short.uploadId, chunks(Buffer.alloc(9)))).rejects.toThrow(
      '“report.pdf” ended after 9 bytes of 10 bytes: it was not copied in full, so nothing was kept.',
    );
    expect(() => stage.reserveUpload('empty.txt', 0)).toThrow('“empty.txt” is empty: there is nothing to keep as evidence.');
    expect(walk(blobs)).toEqual([]);
  });

  it('leaves nothing when the connection drops mid-body', async () => {
    const stage = staging();
    const { uploadId } = stage.reserveUpload('big.bin', 4 * MB);
    async function* dropping() {
      yield Buffer.alloc(MB);
      throw Object.assign(new Error('aborted'), { code: 'ECONNRESET' });
    }
    await expect(stage.receiveUpload(uploadId, dropping())).rejects.toThrow(/“big\.bin” could not be copied: aborted/);
    expect(walk(blobs)).toEqual([]);
  });

  it('removes a staged file nobody took after an hour, and hands each one over once', async () => {
    let now = 1_000_000;
    const stage = staging({ nowMs: () => now });
    const first = stage.reserveUpload('a.txt', 1);
    const a = await stage.receiveUpload(first.uploadId, chunks(Buffer.from('a')));
    now += STAGED_FILE_TTL_MS + 1;
    const second = stage.reserveUpload('b.txt', 1);
    const b = await stage.receiveUpload(second.uploadId, chunks(Buffer.from('b')));
    expect(walk(stagedFolder(blobs))).toEqual([b.id]);
    expect(() => stage.take(a.id)).toThrow(/no longer waiting/);
    expect(stage.take(b.id).file).toEqual(b);
    expect(() => stage.take(b.id)).toThrow(/no longer waiting/);
  });
});
