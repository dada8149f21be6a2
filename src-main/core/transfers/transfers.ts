/**
 * The file transfers of one open workspace, put together: the transfer rows, the cache and
 * pins, the queue (organization workspaces only), garbage collection, and the handlers of the
 * files namespace. open-workspace.ts makes one and starts it with sync.
 */
import type { ApiHandlers } from '../../../src-shared/api';
import { LOCAL_ORG_ID } from '../../../src-shared/domain/common';
import type { CoreDeps } from '../deps';
import { assignmentScope } from '../audits/assignments';
import { createBlobStore } from '../evidence/blob-store';
import { createCacheSettings } from './cache-settings';
import { createFileCache } from './file-cache';
import { filesHandlers } from './files-handlers';
import { collectGarbage } from './garbage';
import { createTransferQueue, type TransferQueue, type TransferQueueDeps } from './transfer-queue';
import { createRepairer, type Repairer } from './repair';
import { createTransferStore } from './transfer-store';

/** Garbage collection runs at open and at most hourly after sync rounds (it reads every evidence row). */
const GC_EVERY_MS = 60 * 60_000;
/** Damaged files are asked for at most every five minutes (a sync round may end every few seconds). */
const REPAIR_CHECK_EVERY_MS = 5 * 60_000;
/**
 * While a download here waits for its repair, every 15 s, sync round or not (closing a report
 * changes no synced row, so no round may come): the person is looking at an alert that says the
 * file comes once repaired, and the check is one small RPC.
 */
const REPAIR_WAITING_EVERY_MS = 15_000;

export interface WorkspaceTransfers {
  handlers: ApiHandlers['files'];
  queue: TransferQueue | null;
  /** Null in the local workspace or without a session (nothing to repair). */
  repairer: Repairer | null;
  /** Starts the queue and removes files gone everywhere. */
  start(): void;
  /** Sync pushed or pulled rows: uploads may go, deletions may have reached the server. */
  synced(): void;
  /** A record changed here (a new evidence file may be waiting). */
  localWrite(table: string): void;
  /** The user opened, previewed or saved the file: it is the last to be evicted. */
  fileUsed(sha256: string): void;
  stop(): void;
}

/** Test and bench knobs: the HTTP client, shorter backoff and client retries, how often a waiting repair is asked. */
export type TransferOptions = Pick<TransferQueueDeps, 'fetch' | 'backoff' | 'clientRetryDelays'> & { repairWatchMs?: number };

export function createWorkspaceTransfers(deps: CoreDeps, allOptions: TransferOptions = {}): WorkspaceTransfers {
  const { repairWatchMs = REPAIR_WAITING_EVERY_MS, ...options } = allOptions;
  const { db } = deps;
  const blobs = createBlobStore(deps.paths.blobs);
  const store = createTransferStore(db, deps.now);
  const cache = createFileCache(db, blobs, deps.now);
  const limits = createCacheSettings(db);
  const access = deps.functionAccess;
  const rpc = deps.sync?.rpc;
  const repairer =
    deps.orgId !== LOCAL_ORG_ID && rpc
      ? createRepairer({
          db,
          orgId: deps.orgId,
          blobs,
          store,
          rpc: (name, args) => rpc(name, args),
          role: () => deps.membership?.(deps.orgId)?.role ?? null,
          log: deps.log,
        })
      : null;
  const queue =
    deps.orgId !== LOCAL_ORG_ID && access
      ? createTransferQueue({
          db,
          orgId: deps.orgId,
          blobs,
          blobsRoot: deps.paths.blobs,
          store,
          cache,
          access,
          emit: deps.emit,
          now: deps.now,
          log: deps.log,
          cacheLimitBytes: limits.cacheLimitBytes,
          onDamaged: (sha256) => {
            void repairer?.reportDamaged(sha256);
            watchRepairs();
          },
          onRepaired: (sha256) => void repairer?.repaired(sha256),
          ...options,
        })
      : null;
  let lastGcMs = 0;
  let lastRepairCheckMs = 0;
  // Only where the server keeps a copy: the local workspace's Trash may restore a record years later.
  const gc = () => {
    if (!queue) return;
    lastGcMs = Date.now();
    try {
      collectGarbage({ db, blobs, orgId: deps.orgId, now: deps.now });
    } catch (error) {
      deps.log.error('removing files gone everywhere failed', error);
    }
  };
  let watching: ReturnType<typeof setInterval> | null = null;
  const checkRepairs = () => {
    lastRepairCheckMs = Date.now();
    void repairer?.check().then((queued) => (queued > 0 ? queue?.kick() : undefined));
  };
  /** Asks every 15 s while a download here waits for its repair; stops once none waits. */
  function watchRepairs() {
    if (!repairer || watching) return;
    watching = setInterval(() => {
      if (repairer.waiting()) checkRepairs();
      else stopWatching();
    }, repairWatchMs);
    watching.unref?.();
  }
  const stopWatching = () => {
    if (watching) clearInterval(watching);
    watching = null;
  };
  return {
    handlers: filesHandlers({ db, blobs, store, cache, queue, assignedTo: (actor) => assignmentScope(deps, actor) }),
    queue,
    repairer,
    start() {
      gc();
      queue?.start();
      if (repairer?.waiting()) watchRepairs();
    },
    synced() {
      queue?.kick();
      if (repairer && Date.now() - lastRepairCheckMs > REPAIR_CHECK_EVERY_MS) checkRepairs();
      if (Date.now() - lastGcMs > GC_EVERY_MS) gc();
    },
    localWrite(table) {
      if (table === 'evidence') queue?.kick();
    },
    fileUsed(sha256) {
      if (blobs.has(sha256)) cache.touch(sha256);
    },
    stop() {
      stopWatching();
      queue?.stop();
    },
  };
}
