/**
 * The background queue of one organization workspace: one upload and one download at a time,
 * each transfer's state in the replica (file_transfers), retries with backoff, pause and resume,
 * and progress to the windows (`files.progress`, at most every 250 ms per transfer and on every
 * change of state). A killed core finds its rows on restart and resumes them: uploads from the
 * server's offset, downloads from the partial file.
 */
import type { Transfer } from '../../../src-shared/domain/transfers';
import { AppError, ErrorCode } from '../../../src-shared/errors';
import type { Db } from '../db/database';
import type { BlobStore } from '../evidence/blob-store';
import type { EventSink } from '../events';
import type { Logger } from '../router/router';
import { backoffMs, type Backoff } from '../sync/backoff';
import { startDownload, type DownloadOutcome, type RunningDownload } from './downloader';
import type { FileCache } from './file-cache';
import { objectName, type StorageAccess } from './storage-endpoint';
import type { TransferStore } from './transfer-store';
import { forgetUploads, replicaUrlStorage } from './tus-url-storage';
import { createUploadCandidates } from './upload-candidates';
import { startUpload, type RunningUpload, type UploadOutcome } from './uploader';

export interface TransferQueueDeps {
  db: Db;
  orgId: string;
  blobs: BlobStore;
  blobsRoot: string;
  store: TransferStore;
  cache: FileCache;
  access: StorageAccess;
  emit: EventSink;
  now: () => string;
  log: Logger;
  /** The cache limit now (files over it are evicted after each download). */
  cacheLimitBytes: () => number;
  /** Backoff between failed attempts (tests shorten it). */
  backoff?: Backoff;
  /** tus-js-client's own quick retries inside one attempt (tests shorten them). */
  clientRetryDelays?: number[];
  fetch?: typeof fetch;
  /** A download was refused as damaged (the repairer reports it to the server). */
  onDamaged?(sha256: string): void;
  /** An upload that replaced a damaged object finished (the repairer closes the report). */
  onRepaired?(sha256: string): void;
}

export interface TransferQueue {
  start(): void;
  stop(): void;
  /** Something changed (a local write, rows pushed): look for work now. */
  kick(): void;
  /** Starts or joins the download of a file; answers its transfer. */
  download(sha256: string, evidenceId: string, sizeBytes: number): Transfer;
  pause(id: string): Transfer;
  resume(id: string): Transfer;
  /** Settles when nothing runs and nothing runnable waits (tests and the bench). */
  idle(): Promise<void>;
}

const PROGRESS_EVERY_MS = 250;
const SAVE_BYTES_EVERY_MS = 1000;
const QUEUE_BACKOFF: Backoff = { firstMs: 2000, maxMs: 5 * 60_000 };

type Running = { id: string; abort(): void };

export function createTransferQueue(deps: TransferQueueDeps): TransferQueue {
  const { db, store } = deps;
  const urlStorage = replicaUrlStorage(db);
  const candidates = createUploadCandidates(db, deps.blobs, store, deps.cache);
  const running: { upload: Running | null; download: Running | null } = { upload: null, download: null };
  let stopped = true;
  let timer: NodeJS.Timeout | null = null;
  let idleWaiters: (() => void)[] = [];
  const lastEmit = new Map<string, number>();
  const lastSave = new Map<string, number>();

  const announce = (transfer: Transfer | null) => {
    if (!transfer) return;
    lastEmit.set(transfer.id, Date.now());
    deps.emit('files.progress', transfer);
  };

  const progress = (id: string, bytesDone: number) => {
    const nowMs = Date.now();
    if (nowMs - (lastSave.get(id) ?? 0) >= SAVE_BYTES_EVERY_MS) {
      lastSave.set(id, nowMs);
      store.update(id, { bytesDone });
    }
    if (nowMs - (lastEmit.get(id) ?? 0) >= PROGRESS_EVERY_MS) {
      const current = store.get(id);
      if (current) announce({ ...current, bytesDone: Math.min(bytesDone, current.bytesTotal) });
    }
  };

  const failed = (transfer: Transfer, message: string, retry: boolean) => {
    const attempts = transfer.attempts + 1;
    const next = retry ? new Date(Date.now() + backoffMs(attempts, deps.backoff ?? QUEUE_BACKOFF)).toISOString() : null;
    announce(store.update(transfer.id, { state: 'failed', attempts, lastError: message, nextAttemptAt: next }));
  };

  const finishUpload = (transfer: Transfer, outcome: UploadOutcome) => {
    running.upload = null;
    const current = store.get(transfer.id);
    if (!current) return;
    if (outcome.kind === 'aborted') {
      if (current.state === 'running') store.update(current.id, { state: 'queued' });
      return;
    }
    if (outcome.kind === 'done' || outcome.kind === 'exists') {
      forgetUploads(db, objectName(deps.orgId, current.sha256));
      if (store.overwrites(current.id)) {
        store.setOverwrite(current.id, false);
        deps.onRepaired?.(current.sha256);
      }
      announce(store.update(current.id, { state: 'done', bytesDone: current.bytesTotal, lastError: null, nextAttemptAt: null }));
      return;
    }
    failed(current, outcome.message, outcome.kind === 'retry');
  };

  const finishDownload = (transfer: Transfer, outcome: DownloadOutcome) => {
    running.download = null;
    const current = store.get(transfer.id);
    if (!current) return;
    if (outcome.kind === 'aborted') {
      if (current.state === 'running') store.update(current.id, { state: 'queued' });
      return;
    }
    if (outcome.kind === 'done') {
      announce(store.update(current.id, { state: 'done', bytesDone: current.bytesTotal, lastError: null, nextAttemptAt: null }));
      // The server holds these bytes (they hashed right): nothing to upload from here.
      store.ensure('upload', current.sha256, current.evidenceId, current.bytesTotal, 'done');
      deps.cache.touch(current.sha256);
      try {
        deps.cache.evict(deps.cacheLimitBytes());
      } catch (error) {
        deps.log.error('evicting files over the cache limit failed', error);
      }
      return;
    }
    if (outcome.kind === 'damaged') {
      announce(
        store.update(current.id, {
          state: 'damaged',
          attempts: current.attempts + 1,
          lastError: outcome.message,
          nextAttemptAt: null,
        }),
      );
      deps.onDamaged?.(current.sha256);
      return;
    }
    failed(current, outcome.message, outcome.kind === 'retry');
  };

  const runUpload = (transfer: Transfer) => {
    if (!deps.blobs.has(transfer.sha256)) {
      // Removed from the store behind the app's back: nothing to send until it is added again.
      failed(transfer, 'The file is no longer on this computer, so it cannot be uploaded from here. Add it again.', false);
      return;
    }
    const started = store.update(transfer.id, { state: 'running', lastError: null, nextAttemptAt: null })!;
    announce(started);
    const mime = db
      .prepare('SELECT mime_type FROM evidence WHERE sha256 = ? ORDER BY id LIMIT 1')
      .pluck()
      .get(transfer.sha256) as string | undefined;
    let job: RunningUpload;
    try {
      job = startUpload({
        orgId: deps.orgId,
        sha256: transfer.sha256,
        filePath: deps.blobs.pathOf(transfer.sha256),
        sizeBytes: transfer.bytesTotal,
        contentType: mime ?? 'application/octet-stream',
        upsert: store.overwrites(transfer.id),
        access: deps.access,
        urlStorage,
        retryDelays: deps.clientRetryDelays,
        onProgress: (bytes) => progress(transfer.id, bytes),
      });
    } catch (error) {
      failed(started, (error as Error).message, true);
      return;
    }
    running.upload = { id: transfer.id, abort: job.abort };
    void job.outcome.then((outcome) => {
      if (!db.open) return;
      finishUpload(transfer, outcome);
      pump();
    });
  };

  const runDownload = (transfer: Transfer) => {
    const started = store.update(transfer.id, { state: 'running', lastError: null, nextAttemptAt: null })!;
    announce(started);
    const job: RunningDownload = startDownload({
      orgId: deps.orgId,
      sha256: transfer.sha256,
      sizeBytes: transfer.bytesTotal,
      blobs: deps.blobs,
      blobsRoot: deps.blobsRoot,
      access: deps.access,
      fetch: deps.fetch,
      onProgress: (bytes) => progress(transfer.id, bytes),
    });
    running.download = { id: transfer.id, abort: job.abort };
    void job.outcome.then((outcome) => {
      if (!db.open) return;
      finishDownload(transfer, outcome);
      pump();
    });
  };

  const schedule = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    if (stopped) return;
    const next = store.nextRetryAt();
    if (!next) return;
    timer = setTimeout(pump, Math.max(50, Date.parse(next) - Date.now()));
    timer.unref?.();
  };

  function pump(): void {
    if (stopped || !db.open) return;
    try {
      candidates.scanNew();
      const nowIso = new Date().toISOString();
      if (!running.upload) {
        const next = store.runnable('upload', nowIso).find((t) => candidates.rowOnServer(t.sha256));
        if (next) runUpload(next);
      }
      if (!running.download) {
        const next = store.runnable('download', nowIso)[0];
        if (next) runDownload(next);
      }
    } catch (error) {
      deps.log.error('file transfer queue failed', error);
    }
    schedule();
    if (!running.upload && !running.download) {
      const nowIso = new Date().toISOString();
      const waiting =
        store.runnable('download', nowIso).length > 0 ||
        store.runnable('upload', nowIso).some((t) => candidates.rowOnServer(t.sha256));
      if (!waiting) {
        const waiters = idleWaiters;
        idleWaiters = [];
        for (const resolve of waiters) resolve();
      }
    }
  }

  const requireTransfer = (id: string): Transfer => {
    const transfer = store.get(id);
    if (!transfer) throw new AppError(ErrorCode.NotFound, 'There is no such transfer on this computer.');
    return transfer;
  };

  return {
    start() {
      if (!stopped) return;
      stopped = false;
      candidates.scanAll();
      pump();
    },
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
      running.upload?.abort();
      running.download?.abort();
      for (const resolve of idleWaiters) resolve();
      idleWaiters = [];
    },
    kick: () => pump(),
    download(sha256, evidenceId, sizeBytes) {
      let transfer = store.ensure('download', sha256, evidenceId, sizeBytes);
      if (transfer.state === 'done' || transfer.state === 'failed' || transfer.state === 'damaged') {
        // Asked again: a person wants it now (a damaged file may have been repaired meanwhile).
        transfer = store.update(transfer.id, { state: 'queued', bytesDone: 0, nextAttemptAt: null, evidenceId })!;
      }
      announce(transfer);
      pump();
      return store.get(transfer.id)!;
    },
    pause(id) {
      const transfer = requireTransfer(id);
      if (transfer.state === 'done' || transfer.state === 'damaged')
        throw new AppError(ErrorCode.Conflict, `This transfer is ${transfer.state}; there is nothing to pause.`);
      const paused = store.update(id, { state: 'paused', nextAttemptAt: null })!;
      if (running.upload?.id === id) running.upload.abort();
      if (running.download?.id === id) running.download.abort();
      announce(paused);
      return paused;
    },
    resume(id) {
      const transfer = requireTransfer(id);
      if (transfer.state === 'done') throw new AppError(ErrorCode.Conflict, 'This transfer is done already.');
      if (transfer.state === 'running') return transfer;
      const queued = store.update(id, { state: 'queued', nextAttemptAt: null, lastError: null })!;
      announce(queued);
      pump();
      return store.get(id)!;
    },
    idle() {
      return new Promise<void>((resolve) => {
        idleWaiters.push(resolve);
        pump();
      });
    },
  };
}
