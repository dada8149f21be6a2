/**
 * The files namespace (src-shared/api/files.ts) over one open workspace. This first cut answers
 * from the replica and the blob store (where each file is, what an audit needs, the cache
 * setting); the transfer queue itself lands next, and until then nothing is queued.
 */
import type { ApiHandlers } from '../../../src-shared/api';
import type { FileStatus } from '../../../src-shared/domain/transfers';
import { AppError, ErrorCode } from '../../../src-shared/errors';
import type { CoreDeps } from '../deps';
import { createBlobStore } from '../evidence/blob-store';
import { auditExists, auditFiles } from './audit-files';
import { createCacheSettings } from './cache-settings';

interface EvidenceFileRow {
  id: string;
  sha256: string;
  size_bytes: number;
}

export function filesHandlers(deps: CoreDeps): ApiHandlers['files'] {
  const { db } = deps;
  const blobs = createBlobStore(deps.paths.blobs);
  const cache = createCacheSettings(db);

  const evidenceFile = (evidenceId: string): EvidenceFileRow => {
    const row = db.prepare('SELECT id, sha256, size_bytes FROM evidence WHERE id = ?').get(evidenceId) as
      EvidenceFileRow | undefined;
    if (!row) throw new AppError(ErrorCode.NotFound, 'That evidence record is not in this workspace.');
    return row;
  };
  const statusOf = (row: EvidenceFileRow): FileStatus => ({
    evidenceId: row.id,
    sha256: row.sha256,
    availability: blobs.has(row.sha256) ? 'local' : 'remote',
    pinned: false,
    sizeBytes: row.size_bytes,
    uploadPending: false,
  });
  const usedBytes = () => {
    const rows = db.prepare('SELECT sha256, max(size_bytes) AS size FROM evidence GROUP BY sha256').all() as {
      sha256: string;
      size: number;
    }[];
    return rows.reduce((sum, row) => (blobs.has(row.sha256) ? sum + row.size : sum), 0);
  };
  const settings = () => ({ cacheLimitBytes: cache.cacheLimitBytes(), usedBytes: usedBytes(), keptBytes: 0 });
  const noSuchTransfer = (): never => {
    throw new AppError(ErrorCode.NotFound, 'There is no such transfer on this computer.');
  };
  const requireAudit = (auditId: string) => {
    if (!auditExists(db, auditId)) throw new AppError(ErrorCode.NotFound, 'That audit is not in this workspace.');
  };

  return {
    transfers: () => ({ items: [], total: 0 }),
    pause: () => noSuchTransfer(),
    resume: () => noSuchTransfer(),
    status: ({ evidenceIds }) => ({
      items: evidenceIds.flatMap((id) => {
        const row = db.prepare('SELECT id, sha256, size_bytes FROM evidence WHERE id = ?').get(id) as EvidenceFileRow | undefined;
        return row ? [statusOf(row)] : [];
      }),
    }),
    download: ({ evidenceId }) => {
      evidenceFile(evidenceId);
      throw new AppError(ErrorCode.Offline, 'Downloading files is not available in this build yet.');
    },
    pin: ({ evidenceId }) => statusOf(evidenceFile(evidenceId)),
    auditOfflineSize: ({ auditId }) => {
      requireAudit(auditId);
      const files = auditFiles(db, auditId);
      const missing = files.filter((f) => !blobs.has(f.sha256));
      return {
        files: files.length,
        bytes: files.reduce((sum, f) => sum + f.sizeBytes, 0),
        filesToDownload: missing.length,
        bytesToDownload: missing.reduce((sum, f) => sum + f.sizeBytes, 0),
      };
    },
    pinAudit: ({ auditId }) => {
      requireAudit(auditId);
      return { pinned: 0, downloadsQueued: 0 };
    },
    settings,
    updateSettings: ({ cacheLimitBytes }) => {
      cache.setCacheLimitBytes(cacheLimitBytes);
      return settings();
    },
  };
}
