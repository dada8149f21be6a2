// The cache and garbage collection over a real replica and blob store: eviction goes least
// recently used first and never takes a pinned file or one waiting to upload; files whose
// evidence is gone everywhere past the grace period go, files any live or unsynced row holds stay.
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { FilesSettingsInput, type AuditOfflineSize, type FilesSettings } from '../../../../src-shared/domain/transfers';
import { createFileCache } from '../../../../src-main/core/transfers/file-cache';
import { collectGarbage } from '../../../../src-main/core/transfers/garbage';
import { createTransferStore } from '../../../../src-main/core/transfers/transfer-store';
import { tempDir } from '../../../support/temp-dir';
import { addEvidence, markPending, openFixture, ORG_ID, type Fixture } from './fixture';

const MB = 1024 * 1024;
const ctx = { actor: 't' };

describe('file cache and garbage collection', () => {
  let fixture: Fixture;
  let remove: () => void;
  afterEach(() => {
    fixture.close();
    remove();
  });

  const setup = () => {
    const dir = tempDir('complyflow-file-cache-');
    remove = dir.remove;
    // No storage is reached: nothing here starts the queue.
    fixture = openFixture(dir.path, 'http://127.0.0.1:9');
    const clock = { at: Date.parse('2026-03-01T00:00:00Z') };
    const now = () => new Date(clock.at).toISOString();
    return {
      clock,
      now,
      cache: createFileCache(fixture.db, fixture.blobs, now),
      store: createTransferStore(fixture.db, now),
    };
  };
  const file = (sizeBytes: number, options: Parameters<typeof addEvidence>[2] = {}) => {
    const stored = fixture.blobs.put(randomBytes(sizeBytes));
    const evidenceId = addEvidence(fixture.db, { sha256: stored.sha256, sizeBytes }, options);
    return { ...stored, evidenceId };
  };

  it('evicts unpinned files least recently used first, never a pinned one or one waiting to upload', () => {
    const { clock, cache, store } = setup();
    const oldest = file(MB);
    const pinned = file(MB);
    const waiting = file(MB);
    const newest = file(MB);
    for (const f of [pinned, oldest, waiting, newest]) {
      cache.touch(f.sha256);
      clock.at += 1000;
    }
    cache.touch(newest.sha256);
    cache.setPinned(pinned.sha256, true);
    store.ensure('upload', waiting.sha256, waiting.evidenceId, MB); // queued: the server has not got it
    for (const f of [oldest, pinned, newest]) store.ensure('upload', f.sha256, f.evidenceId, MB, 'done');

    expect(cache.usage()).toEqual({ usedBytes: 4 * MB, keptBytes: 2 * MB });
    // Room for three files: the least recently used unkept one goes (oldest).
    expect(cache.evict(3 * MB)).toEqual([oldest.sha256]);
    expect(fixture.blobs.has(oldest.sha256)).toBe(false);
    // No room at all: everything that may go goes; pinned and waiting stay.
    expect(cache.evict(0)).toEqual([newest.sha256]);
    expect(fixture.blobs.has(pinned.sha256)).toBe(true);
    expect(fixture.blobs.has(waiting.sha256)).toBe(true);
    expect(cache.usage()).toEqual({ usedBytes: 2 * MB, keptBytes: 2 * MB });
  });

  it('the cache limit setting is kept, and a limit below 100 MB is refused in words at the boundary', () => {
    setup();
    const handlers = fixture.transfers.handlers;
    const settings = handlers.settings({}, ctx) as FilesSettings;
    expect(settings.cacheLimitBytes).toBe(5 * 1024 * MB);
    const updated = handlers.updateSettings({ cacheLimitBytes: 200 * MB }, ctx) as FilesSettings;
    expect(updated.cacheLimitBytes).toBe(200 * MB);
    expect((handlers.settings({}, ctx) as FilesSettings).cacheLimitBytes).toBe(200 * MB);
    const refused = FilesSettingsInput.safeParse({ cacheLimitBytes: 10 * MB });
    expect(refused.success).toBe(false);
    expect(refused.error?.issues[0].message).toBe('the cache limit must be at least 100 MB');
    expect(FilesSettingsInput.safeParse({ cacheLimitBytes: 200 * MB, extra: 1 }).success).toBe(false);
  });

  it('an audit offline: its size first, then every file pinned', () => {
    setup();
    const auditId = '0b3f6d9e-55c2-4f57-9a61-3c1f0f6b2a11';
    fixture.db
      .prepare(
        `INSERT INTO audits (id, org_id, title, window_start, window_end, created_at, updated_at, updated_by)
         VALUES (?, ?, 'SOC 2', '2026-01-01', '2026-12-31', '2026-01-01', '2026-01-01', 't')`,
      )
      .run(auditId, ORG_ID);
    const here = file(3 * MB, { auditId });
    const bytes = randomBytes(10);
    const remoteSha = fixture.blobs.put(bytes).sha256;
    addEvidence(fixture.db, { sha256: remoteSha, sizeBytes: 10 }, { auditId });
    // Not on this computer (pulled from another device): the blob is removed here.
    rmSync(fixture.blobs.pathOf(remoteSha));
    file(MB); // not in the audit
    const size = fixture.transfers.handlers.auditOfflineSize({ auditId }, ctx) as AuditOfflineSize;
    expect(size).toEqual({ files: 2, bytes: 3 * MB + 10, filesToDownload: 1, bytesToDownload: 10 });
    expect(fixture.transfers.handlers.pinAudit({ auditId }, ctx)).toEqual({ pinned: 2, downloadsQueued: 1 });
    expect(fixture.transfers.handlers.status({ evidenceIds: [here.evidenceId] }, ctx)).toMatchObject({
      items: [{ pinned: true, availability: 'local' }],
    });
    expect(() => fixture.transfers.handlers.auditOfflineSize({ auditId: '0b3f6d9e-55c2-4f57-9a61-3c1f0f6b2a12' }, ctx)).toThrow(
      /not in this workspace/,
    );
  });

  it('removes files whose evidence is deleted everywhere past the grace period, and no other', () => {
    const { now } = setup();
    const longAgo = '2026-01-01T00:00:00.000Z'; // 59 days before the clock
    const recently = '2026-02-20T00:00:00.000Z'; // 9 days before
    const gone = file(1000, { deletedAt: longAgo });
    const live = file(1000);
    const sharedWithLive = file(1000, { deletedAt: longAgo });
    addEvidence(fixture.db, { sha256: sharedWithLive.sha256, sizeBytes: 1000 }); // another live record holds it
    const withinGrace = file(1000, { deletedAt: recently });
    const deleteNotSynced = file(1000, { deletedAt: longAgo });
    markPending(fixture.db, deleteNotSynced.evidenceId, 'delete');

    expect(collectGarbage({ db: fixture.db, blobs: fixture.blobs, orgId: ORG_ID, now })).toEqual([gone.sha256]);
    expect(fixture.blobs.has(gone.sha256)).toBe(false);
    for (const kept of [live, sharedWithLive, withinGrace, deleteNotSynced]) expect(fixture.blobs.has(kept.sha256)).toBe(true);
  });
});
