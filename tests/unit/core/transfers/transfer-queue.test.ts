// The transfer queue against a real @tus/server (tiny-storage.ts) and real replica files:
// uploads wait for their row to reach the server, go resumably and count an existing object as
// done; downloads verify the hash before storing, survive a dropped connection with Range, and
// refuse a damaged object; pause and resume.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { FileStatus, TransferList } from '../../../../src-shared/domain/transfers';
import { partialPath } from '../../../../src-main/core/transfers/blob-files';
import { startFaultProxy, type FaultProxy } from '../../../support/fault-proxy/proxy';
import { tempDir } from '../../../support/temp-dir';
import { addEvidence, markPending, markPushed, openFixture, ORG_ID, TOKEN, until, type Fixture } from './fixture';
import { startTinyStorage } from './tiny-storage';

const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describe('file transfers', () => {
  const cleanup: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const step of cleanup.reverse()) await step();
    cleanup.length = 0;
  });

  async function setup(options: { proxy?: boolean } = {}) {
    const dir = tempDir('complyflow-transfers-');
    cleanup.push(() => dir.remove());
    const storage = await startTinyStorage({ dir: `${dir.path}/server`, token: TOKEN });
    cleanup.push(() => storage.close());
    let proxy: FaultProxy | null = null;
    if (options.proxy) {
      proxy = await startFaultProxy({ target: storage.url, match: (r) => r.method === 'GET' && r.path.includes('/object/') });
      cleanup.push(() => proxy!.close());
    }
    const fixture = openFixture(`${dir.path}/client`, proxy?.url ?? storage.url);
    cleanup.push(() => fixture.close());
    return { storage, fixture, proxy };
  }

  // The handlers answer synchronously; the API type allows a promise, so the tests narrow it.
  const ctx = { actor: 't' };
  const list = (fixture: Fixture, filter: 'active' | 'all' = 'all') =>
    fixture.transfers.handlers.transfers({ filter, limit: 100 }, ctx) as TransferList;
  const status = (fixture: Fixture, evidenceId: string) =>
    (fixture.transfers.handlers.status({ evidenceIds: [evidenceId] }, ctx) as { items: FileStatus[] }).items[0];
  const uploadOf = (fixture: Fixture, _sha256: string) => list(fixture);

  it('uploads a file once its record is on the server, and the object hashes to its name', async () => {
    const { storage, fixture } = await setup();
    const bytes = randomBytes(13 * 1024 * 1024 + 5); // three tus chunks of 6 MB
    const file = fixture.blobs.put(bytes);
    const evidenceId = addEvidence(
      fixture.db,
      { sha256: file.sha256, sizeBytes: file.size },
      { pending: true, title: 'Firewall export' },
    );
    fixture.transfers.start();
    await fixture.transfers.queue!.idle();
    // The row waits in the outbox: nothing was sent.
    expect(storage.log.filter((e) => e.path.startsWith('/storage/v1/upload'))).toHaveLength(0);
    const waiting = (await uploadOf(fixture, file.sha256)).items;
    expect(waiting).toMatchObject([{ direction: 'upload', state: 'queued', evidenceId, title: 'Firewall export' }]);

    markPushed(fixture.db, evidenceId);
    fixture.transfers.synced();
    const done = await until(() => uploadOf(fixture, file.sha256).items.find((t) => t.state === 'done'), 'the upload to finish');
    expect(done).toMatchObject({ bytesDone: bytes.length, bytesTotal: bytes.length, lastError: null });
    const stored = storage.objectPath(ORG_ID, file.sha256);
    expect(stored).not.toBeNull();
    expect(sha(readFileSync(stored!))).toBe(file.sha256);
    // Resumable in 6 MB chunks: the patches went at increasing offsets.
    const offsets = storage.log.filter((e) => e.method === 'PATCH').map((e) => e.uploadOffset);
    expect(offsets.length).toBeGreaterThanOrEqual(2);
    expect(offsets).toEqual([...offsets].sort((a, b) => a! - b!));
    // The upload URL is forgotten once done; the file may now be evicted.
    expect(fixture.db.prepare('SELECT count(*) FROM tus_uploads').pluck().get()).toBe(0);
    expect(status(fixture, evidenceId)).toMatchObject({ availability: 'local', uploadPending: false, pinned: false });
    expect(fixture.events.some((e) => e.name === 'files.progress')).toBe(true);
  });

  it('at start, owes an upload for each file here with a live record, never for records whose file is elsewhere', async () => {
    const { fixture } = await setup();
    const here = fixture.blobs.put(randomBytes(2000));
    const hereDeleted = fixture.blobs.put(randomBytes(2000));
    const noRecord = fixture.blobs.put(randomBytes(2000));
    const hereId = addEvidence(fixture.db, { sha256: here.sha256, sizeBytes: here.size }, { pending: true });
    addEvidence(
      fixture.db,
      { sha256: hereDeleted.sha256, sizeBytes: hereDeleted.size },
      { deletedAt: '2026-01-02T00:00:00.000Z' },
    );
    // Pulled from other computers: their files are not here (a first sync of many records).
    for (let i = 0; i < 50; i++) addEvidence(fixture.db, { sha256: sha(Buffer.from(`elsewhere ${i}`)), sizeBytes: 10 });
    expect([...fixture.blobs.list()].sort()).toEqual([here.sha256, hereDeleted.sha256, noRecord.sha256].sort());
    fixture.transfers.start();
    await fixture.transfers.queue!.idle();
    const rows = fixture.db.prepare('SELECT direction, sha256, evidence_id AS evidenceId FROM file_transfers').all();
    expect(rows).toEqual([{ direction: 'upload', sha256: here.sha256, evidenceId: hereId }]);
  });

  it('uploads the new version of a replaced file once the update that replaced it is on the server', async () => {
    const { storage, fixture } = await setup();
    const first = fixture.blobs.put(randomBytes(64 * 1024));
    const evidenceId = addEvidence(fixture.db, { sha256: first.sha256, sizeBytes: first.size }, { title: 'Access review' });
    fixture.transfers.start();
    await until(() => list(fixture).items.find((t) => t.sha256 === first.sha256 && t.state === 'done'), 'the first upload');

    // Replace file…: the record now names a new file, and the update waits in the outbox.
    const second = fixture.blobs.put(randomBytes(80 * 1024));
    fixture.db.prepare('UPDATE evidence SET sha256 = ?, size_bytes = ? WHERE id = ?').run(second.sha256, second.size, evidenceId);
    markPending(fixture.db, evidenceId, 'update');
    fixture.transfers.localWrite('evidence');
    await fixture.transfers.queue!.idle();
    expect(list(fixture).items.find((t) => t.sha256 === second.sha256)).toMatchObject({ state: 'queued', evidenceId });
    expect(storage.objectPath(ORG_ID, second.sha256)).toBeNull();

    markPushed(fixture.db, evidenceId);
    fixture.transfers.synced();
    await until(
      () => list(fixture).items.find((t) => t.sha256 === second.sha256 && t.state === 'done'),
      'the new version to upload',
    );
    expect(sha(readFileSync(storage.objectPath(ORG_ID, second.sha256)!))).toBe(second.sha256);
  });

  it('counts an object already on the server (same name, so the same bytes) as uploaded', async () => {
    const { storage, fixture } = await setup();
    const bytes = randomBytes(1000);
    const file = fixture.blobs.put(bytes);
    storage.corrupt(ORG_ID, file.sha256, bytes); // put there by another device
    addEvidence(fixture.db, { sha256: file.sha256, sizeBytes: file.size });
    fixture.transfers.start();
    await until(() => uploadOf(fixture, file.sha256).items.find((t) => t.state === 'done'), 'the upload to count as done');
    expect(storage.log.filter((e) => e.method === 'PATCH')).toHaveLength(0);
  });

  it('downloads a file pulled from another device, verified before it is stored', async () => {
    const { storage, fixture } = await setup();
    const bytes = randomBytes(7 * 1024 * 1024);
    const sha256 = sha(bytes);
    storage.corrupt(ORG_ID, sha256, bytes);
    const evidenceId = addEvidence(fixture.db, { sha256, sizeBytes: bytes.length });
    const handlers = fixture.transfers.handlers;
    expect(status(fixture, evidenceId).availability).toBe('remote');
    fixture.transfers.start();
    const started = await handlers.download({ evidenceId }, ctx);
    expect(started.direction).toBe('download');
    await fixture.transfers.queue!.idle();
    expect(fixture.blobs.read(sha256).equals(bytes)).toBe(true);
    expect(status(fixture, evidenceId)).toMatchObject({ availability: 'local', uploadPending: false });
    // Nothing to upload back: the server has these bytes.
    expect(storage.log.filter((e) => e.path.startsWith('/storage/v1/upload'))).toHaveLength(0);
  });

  it('a connection dropped mid-download leaves no blob; the retry asks for the rest and completes', async () => {
    const { storage, fixture, proxy } = await setup({ proxy: true });
    const bytes = randomBytes(4 * 1024 * 1024);
    const sha256 = sha(bytes);
    storage.corrupt(ORG_ID, sha256, bytes);
    const evidenceId = addEvidence(fixture.db, { sha256, sizeBytes: bytes.length });
    proxy!.inject('cut', 1, 0.5);
    // Long backoff so the test sees the state between the cut and the retry.
    fixture.close();
    const again = openFixture(fixture.blobsRoot.replace(/\/blobs$/, ''), proxy!.url, {
      backoff: { firstMs: 60_000, maxMs: 60_000 },
    });
    cleanup.push(() => again.close());
    again.transfers.start();
    const transfer = await again.transfers.handlers.download({ evidenceId }, ctx);
    const failed = await until(() => list(again, 'active').items.find((t) => t.state === 'failed'), 'the cut download to fail');
    expect(failed.lastError).toMatch(/connection dropped/);
    expect(again.blobs.has(sha256)).toBe(false);
    expect(existsSync(partialPath(again.blobsRoot, sha256))).toBe(true);
    expect(proxy!.counts().cut).toBe(1);

    again.transfers.handlers.resume({ transferId: transfer.id }, ctx);
    await until(() => list(again).items.find((t) => t.state === 'done'), 'the retried download to finish');
    expect(again.blobs.read(sha256).equals(bytes)).toBe(true);
    expect(existsSync(partialPath(again.blobsRoot, sha256))).toBe(false);
    // The second request asked only for what was missing.
    const gets = storage.log.filter((e) => e.method === 'GET');
    expect(gets).toHaveLength(2);
    expect(gets[1].range).toMatch(/^bytes=[1-9]\d*-$/);
  });

  it('an object whose bytes do not hash to its name is reported damaged and nothing is stored', async () => {
    const { storage, fixture } = await setup();
    const bytes = randomBytes(2048);
    const sha256 = sha(bytes);
    storage.corrupt(ORG_ID, sha256, Buffer.concat([bytes.subarray(0, 2047), Buffer.from([bytes[2047] ^ 1])]));
    const evidenceId = addEvidence(fixture.db, { sha256, sizeBytes: bytes.length });
    fixture.transfers.start();
    await fixture.transfers.handlers.download({ evidenceId }, ctx);
    await fixture.transfers.queue!.idle();
    const [transfer] = list(fixture, 'active').items;
    expect(transfer).toMatchObject({ state: 'damaged' });
    expect(transfer.lastError).toMatch(/not what its name says/);
    expect(fixture.blobs.has(sha256)).toBe(false);
    expect(existsSync(partialPath(fixture.blobsRoot, sha256))).toBe(false);
    expect(status(fixture, evidenceId).availability).toBe('damaged');
  });

  it('pauses a transfer where it is and resumes it on request', async () => {
    const { storage, fixture } = await setup();
    const bytes = randomBytes(1024);
    const sha256 = sha(bytes);
    const evidenceId = addEvidence(fixture.db, { sha256, sizeBytes: bytes.length });
    // Not on the server yet: the download fails and waits for its retry, then is paused.
    fixture.transfers.start();
    const transfer = await fixture.transfers.handlers.download({ evidenceId }, ctx);
    await until(() => list(fixture, 'active').items.find((t) => t.state === 'failed'), 'a failed try');
    expect(fixture.transfers.handlers.pause({ transferId: transfer.id }, ctx)).toMatchObject({ state: 'paused' });
    storage.corrupt(ORG_ID, sha256, bytes); // the other device uploaded it meanwhile
    const gets = storage.log.filter((e) => e.method === 'GET').length;
    await fixture.transfers.queue!.idle();
    expect(storage.log.filter((e) => e.method === 'GET').length).toBe(gets);
    fixture.transfers.handlers.resume({ transferId: transfer.id }, ctx);
    await until(() => fixture.blobs.has(sha256), 'the resumed download');
    expect(() => fixture.transfers.handlers.pause({ transferId: '00000000-0000-4000-8000-0000000000ff' }, ctx)).toThrow(
      /no such transfer/,
    );
  });

  it('an upload whose file vanished from the store stops with a reason in words and is not retried', async () => {
    const { storage, fixture } = await setup();
    const file = fixture.blobs.put(randomBytes(500));
    addEvidence(fixture.db, { sha256: file.sha256, sizeBytes: file.size });
    rmSync(fixture.blobs.pathOf(file.sha256));
    // Known to the queue as waiting (as evidence.add leaves it), then the file is gone.
    fixture.db
      .prepare(
        `INSERT INTO file_transfers (id, direction, sha256, evidence_id, size_bytes, state, created_at, updated_at)
         SELECT '11111111-1111-4111-8111-111111111111', 'upload', sha256, id, size_bytes, 'queued', created_at, created_at FROM evidence`,
      )
      .run();
    fixture.transfers.start();
    await fixture.transfers.queue!.idle();
    expect(list(fixture).items[0]).toMatchObject({ state: 'failed', nextAttemptAt: null });
    expect(list(fixture).items[0].lastError).toMatch(/no longer on this computer/);
    expect(storage.log).toHaveLength(0);
  });

  it('pausing a running upload keeps what the server has; resume goes on from its offset', async () => {
    const { storage, fixture } = await setup();
    const bytes = randomBytes(20 * 1024 * 1024);
    const file = fixture.blobs.put(bytes);
    addEvidence(fixture.db, { sha256: file.sha256, sizeBytes: file.size });
    let paused = false;
    storage.onRequest = (entry) => {
      if (!paused && entry.method === 'PATCH' && (entry.uploadOffset ?? 0) >= 6 * 1024 * 1024) {
        paused = true;
        const [running] = list(fixture, 'active').items;
        fixture.transfers.handlers.pause({ transferId: running.id }, ctx);
      }
    };
    fixture.transfers.start();
    await until(() => paused, 'the pause');
    await fixture.transfers.queue!.idle();
    const [transfer] = list(fixture, 'active').items;
    expect(transfer.state).toBe('paused');
    expect(storage.objectPath(ORG_ID, file.sha256)).toBeNull();
    const before = storage.log.length;

    fixture.transfers.handlers.resume({ transferId: transfer.id }, ctx);
    await until(() => list(fixture).items.find((t) => t.state === 'done'), 'the resumed upload');
    const after = storage.log.slice(before);
    expect(after.some((e) => e.method === 'POST')).toBe(false);
    expect(after.find((e) => e.method === 'PATCH')?.uploadOffset ?? 0).toBeGreaterThan(0);
    expect(sha(readFileSync(storage.objectPath(ORG_ID, file.sha256)!))).toBe(file.sha256);
  });
});
