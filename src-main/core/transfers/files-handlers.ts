/**
 * The files namespace (src-shared/api/files.ts) over one open workspace: where each file is,
 * pins and the cache, and the transfer queue of an organization workspace. The local workspace
 * has no queue: its files never leave this computer, so they are all local and nothing travels.
 */
import type { ApiHandlers } from '../../../src-shared/api';
import type { FileStatus, Transfer } from '../../../src-shared/domain/transfers';
import { AppError, ErrorCode } from '../../../src-shared/errors';
import type { Db } from '../db/database';
import { auditHidden } from '../audits/assignments';
import type { BlobStore } from '../evidence/blob-store';
import { auditExists, auditFiles } from './audit-files';
import { createCacheSettings } from './cache-settings';
import type { FileCache } from './file-cache';
import type { TransferQueue } from './transfer-queue';
import type { TransferStore } from './transfer-store';

interface EvidenceFileRow {
  id: string;
  sha256: string;
  size_bytes: number;
  audit_id: string | null;
}

export interface FilesHandlerDeps {
  db: Db;
  blobs: BlobStore;
  store: TransferStore;
  cache: FileCache;
  /** Null in the local workspace (nothing travels). */
  queue: TransferQueue | null;
  /** Whose assignments limit the caller's audits (assignments.ts assignmentScope); none when absent. */
  assignedTo?: (actor: string) => string | null;
}

const LOCAL_ONLY = 'Files of the local workspace are all on this computer; nothing is uploaded or downloaded.';

export function filesHandlers({ db, blobs, store, cache, queue, assignedTo }: FilesHandlerDeps): ApiHandlers['files'] {
  const settingsStore = createCacheSettings(db);
  const fileRow = db.prepare('SELECT id, sha256, size_bytes, audit_id FROM evidence WHERE id = ?');
  /**
   * The record, unless it was captured in an audit hidden from the caller (an auditor not assigned
   * to it: a display rule, not a security boundary, assignments.ts), which reads as missing.
   */
  const visibleRow = (evidenceId: string, actor: string): EvidenceFileRow | undefined => {
    const row = fileRow.get(evidenceId) as EvidenceFileRow | undefined;
    return row && auditHidden(db, assignedTo?.(actor) ?? null, row.audit_id) ? undefined : row;
  };

  const evidenceFile = (evidenceId: string, actor: string): EvidenceFileRow => {
    const row = visibleRow(evidenceId, actor);
    if (!row) throw new AppError(ErrorCode.NotFound, 'That evidence record is not in this workspace.');
    return row;
  };
  const statusOf = (row: EvidenceFileRow): FileStatus => {
    const download = store.find('download', row.sha256);
    const upload = store.find('upload', row.sha256);
    const local = blobs.has(row.sha256);
    const availability = local
      ? 'local'
      : download?.state === 'damaged'
        ? 'damaged'
        : download && ['queued', 'running', 'paused'].includes(download.state)
          ? 'downloading'
          : 'remote';
    return {
      evidenceId: row.id,
      sha256: row.sha256,
      availability,
      pinned: cache.isPinned(row.sha256),
      sizeBytes: row.size_bytes,
      uploadPending: upload !== null && upload.state !== 'done',
    };
  };
  const requireQueue = (): TransferQueue => {
    if (!queue) throw new AppError(ErrorCode.Conflict, LOCAL_ONLY);
    return queue;
  };
  /** The download of a record's file, started when the file is not here. */
  const fetchFile = (row: EvidenceFileRow): Transfer => {
    if (blobs.has(row.sha256)) {
      cache.touch(row.sha256);
      return store.find('download', row.sha256) ?? store.ensure('download', row.sha256, row.id, row.size_bytes, 'done');
    }
    return requireQueue().download(row.sha256, row.id, row.size_bytes);
  };
  const settings = () => ({ cacheLimitBytes: settingsStore.cacheLimitBytes(), ...cache.usage() });
  /** An audit hidden from an auditor is answered as a missing one (a display rule: assignments.ts). */
  const requireAudit = (auditId: string, actor: string) => {
    if (!auditExists(db, auditId) || auditHidden(db, assignedTo?.(actor) ?? null, auditId))
      throw new AppError(ErrorCode.NotFound, 'That audit is not in this workspace.');
  };

  return {
    transfers: ({ filter, limit }) => store.list(filter, limit),
    pause: ({ transferId }) => requireQueue().pause(transferId),
    resume: ({ transferId }) => requireQueue().resume(transferId),
    status: ({ evidenceIds }, ctx) => ({
      items: evidenceIds.flatMap((id) => {
        const row = visibleRow(id, ctx.actor);
        return row ? [statusOf(row)] : [];
      }),
    }),
    download: ({ evidenceId }, ctx) => fetchFile(evidenceFile(evidenceId, ctx.actor)),
    pin: ({ evidenceId, pinned }, ctx) => {
      const row = evidenceFile(evidenceId, ctx.actor);
      cache.setPinned(row.sha256, pinned);
      if (pinned && !blobs.has(row.sha256) && queue) fetchFile(row);
      return statusOf(row);
    },
    auditOfflineSize: ({ auditId }, ctx) => {
      requireAudit(auditId, ctx.actor);
      const files = auditFiles(db, auditId);
      const missing = files.filter((f) => !blobs.has(f.sha256));
      return {
        files: files.length,
        bytes: files.reduce((sum, f) => sum + f.sizeBytes, 0),
        filesToDownload: missing.length,
        bytesToDownload: missing.reduce((sum, f) => sum + f.sizeBytes, 0),
      };
    },
    pinAudit: ({ auditId }, ctx) => {
      requireAudit(auditId, ctx.actor);
      const files = auditFiles(db, auditId);
      let downloadsQueued = 0;
      db.transaction(() => {
        for (const file of files) cache.setPinned(file.sha256, true);
      })();
      for (const file of files) {
        if (blobs.has(file.sha256) || !queue) continue;
        queue.download(file.sha256, file.evidenceId, file.sizeBytes);
        downloadsQueued += 1;
      }
      return { pinned: files.length, downloadsQueued };
    },
    settings,
    updateSettings: ({ cacheLimitBytes }) => {
      settingsStore.setCacheLimitBytes(cacheLimitBytes);
      cache.evict(cacheLimitBytes);
      return settings();
    },
  };
}
