/**
 * Start-time cleanup of the blob store on a real folder and replica: what a killed
 * evidence.add leaves (a `.tmp-*` file, a blob no row references) is gone after a restart;
 * blobs that rows reference, deleted rows included, and files that are not the store's stay.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../../src-main/core/core';
import { createBlobStore } from '../../../../src-main/core/evidence/blob-store';
import { removeStrayBlobs } from '../../../../src-main/core/evidence/blob-cleanup';
import { tempDir } from '../../../support/temp-dir';
import { seedEvidence } from '../dashboard/seed';
import { walk } from './walk';

let dir: ReturnType<typeof tempDir>;
const log = { error: () => undefined };
beforeEach(() => (dir = tempDir()));
afterEach(() => dir.remove());

describe('blob store cleanup at start', () => {
  it('removes temp files and unreferenced blobs, keeps every referenced blob', async () => {
    let core: Core = createCore({ dataDir: dir.path, log });
    const live = seedEvidence(core, { title: 'Live', bytes: Buffer.from('live evidence') });
    const tombstoned = seedEvidence(core, { title: 'Deleted', bytes: Buffer.from('deleted evidence'), deleted: true });
    const blobs = createBlobStore(core.paths.blobs);
    // What a killed evidence.add leaves: a finished blob without its row, and a temp file.
    const orphan = blobs.put(Buffer.from('row never committed')).sha256;
    const tempFile = path.join(path.dirname(blobs.pathOf(live.sha256)), '.tmp-0123456789abcdef01234567');
    writeFileSync(tempFile, 'half a file');
    // Not the store's names: left alone.
    const stranger = path.join(core.paths.blobs, 'sha256', 'zz', 'notes.txt');
    mkdirSync(path.dirname(stranger), { recursive: true });
    writeFileSync(stranger, 'keep me');
    const blobsRoot = core.paths.blobs;
    core.close();

    core = createCore({ dataDir: dir.path, log });
    const files = walk(blobsRoot);
    expect(files.sort()).toEqual(
      [
        path.join('sha256', live.sha256.slice(0, 2), live.sha256.slice(2)),
        path.join('sha256', tombstoned.sha256.slice(0, 2), tombstoned.sha256.slice(2)),
        path.join('sha256', 'zz', 'notes.txt'),
      ].sort(),
    );
    expect(files.some((f) => f.includes(orphan.slice(2)))).toBe(false);
    expect(readFileSync(createBlobStore(blobsRoot).pathOf(live.sha256), 'utf8')).toBe('live evidence');
    const preview = await core.router.call('evidence', 'get', { id: live.id }, { actor: 'local' });
    expect(preview.ok).toBe(true);
    core.close();
  });

  it('says what it removed, and does nothing when there is no store yet', () => {
    const core = createCore({ dataDir: dir.path, log });
    expect(removeStrayBlobs({ db: core.db, root: core.paths.blobs, log })).toEqual({ tempFiles: 0, orphans: 0 });
    const blobs = createBlobStore(core.paths.blobs);
    blobs.put(Buffer.from('a'));
    blobs.put(Buffer.from('b'));
    expect(removeStrayBlobs({ db: core.db, root: core.paths.blobs, log })).toEqual({ tempFiles: 0, orphans: 2 });
    core.close();
  });
});
