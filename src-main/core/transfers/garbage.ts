/**
 * Removal of files whose evidence is gone everywhere: every record holding the file is
 * deleted, each deletion has reached the server (no change of it waits in the outbox), and the
 * last deletion is older than the grace period (a restore on another device within it brings
 * the record back, and its file is still here). A file any live record, or any record with a
 * change still waiting, refers to is never removed. The server's copy stays either way.
 */
import type { Db } from '../db/database';
import type { BlobStore } from '../evidence/blob-store';
import { removeBlob } from './blob-files';
import { forgetUploads } from './tus-url-storage';
import { objectName } from './storage-endpoint';

export const GC_GRACE_DAYS = 30;

export function collectGarbage(
  { db, blobs, orgId, now }: { db: Db; blobs: BlobStore; orgId: string; now: () => string },
  graceDays = GC_GRACE_DAYS,
): string[] {
  const cutoff = new Date(Date.parse(now()) - graceDays * 86_400_000).toISOString();
  const gone = db
    .prepare(
      `SELECT e.sha256 FROM evidence e
        GROUP BY e.sha256
       HAVING sum(e.deleted_at IS NULL) = 0
          AND max(e.deleted_at) < @cutoff
          AND NOT EXISTS (SELECT 1 FROM outbox o JOIN evidence x ON x.id = o.record_id
                           WHERE o.table_name = 'evidence' AND x.sha256 = e.sha256)`,
    )
    .pluck()
    .all({ cutoff }) as string[];
  const removed: string[] = [];
  for (const sha256 of gone) {
    const had = blobs.has(sha256);
    db.transaction(() => {
      db.prepare('DELETE FROM file_transfers WHERE sha256 = ?').run(sha256);
      db.prepare('DELETE FROM blob_usage WHERE sha256 = ?').run(sha256);
      db.prepare('DELETE FROM file_pins WHERE sha256 = ?').run(sha256);
      forgetUploads(db, objectName(orgId, sha256));
    })();
    if (had) {
      removeBlob(blobs, sha256);
      removed.push(sha256);
    }
  }
  return removed;
}
