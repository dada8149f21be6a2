/**
 * Which files stay on this computer: pins ("Keep offline", by file), when each file here was
 * last used, and eviction of unpinned files least recently used first when the files here
 * exceed the cache limit. A file waiting to upload (its upload not done) is never evicted, nor
 * one being downloaded, nor a pinned one: the server may not have the first, and a person asked
 * for the others.
 */
import type { BlobStore } from '../evidence/blob-store';
import type { Db } from '../db/database';
import { removeBlob } from './blob-files';

export function createFileCache(db: Db, blobs: BlobStore, now: () => string) {
  const pinned = db.prepare('SELECT 1 FROM file_pins WHERE sha256 = ?').pluck();
  const sizeOfFile = db.prepare('SELECT max(size_bytes) FROM evidence WHERE sha256 = ?').pluck();
  const touchStatement = db.prepare(
    `INSERT INTO blob_usage (sha256, last_used_at) VALUES (?, ?) ON CONFLICT (sha256) DO UPDATE SET last_used_at = excluded.last_used_at`,
  );
  /** Files here that must stay: pinned, or an upload not done, or a download under way. */
  const KEPT = `(EXISTS (SELECT 1 FROM file_pins p WHERE p.sha256 = u.sha256)
      OR EXISTS (SELECT 1 FROM file_transfers t WHERE t.sha256 = u.sha256
                 AND ((t.direction = 'upload' AND t.state <> 'done') OR (t.direction = 'download' AND t.state IN ('running')))))`;

  const cache = {
    isPinned: (sha256: string) => pinned.get(sha256) !== undefined,
    setPinned(sha256: string, on: boolean) {
      if (on) db.prepare('INSERT INTO file_pins (sha256, pinned_at) VALUES (?, ?) ON CONFLICT DO NOTHING').run(sha256, now());
      else db.prepare('DELETE FROM file_pins WHERE sha256 = ?').run(sha256);
    },
    /** The file was used here (added, downloaded, opened): it goes last when the cache is over its limit. */
    touch(sha256: string) {
      touchStatement.run(sha256, now());
    },
    forget(sha256: string) {
      db.prepare('DELETE FROM blob_usage WHERE sha256 = ?').run(sha256);
      db.prepare('DELETE FROM file_pins WHERE sha256 = ?').run(sha256);
    },
    /** Bytes of the files here (known to the cache), and of those that must stay. */
    usage(): { usedBytes: number; keptBytes: number } {
      const rows = db
        .prepare(
          `SELECT u.sha256 AS sha256, (SELECT max(size_bytes) FROM evidence e WHERE e.sha256 = u.sha256) AS size, ${KEPT} AS kept
             FROM blob_usage u`,
        )
        .all() as { sha256: string; size: number | null; kept: number }[];
      let usedBytes = 0;
      let keptBytes = 0;
      for (const row of rows) {
        if (!blobs.has(row.sha256)) continue;
        usedBytes += row.size ?? 0;
        if (row.kept) keptBytes += row.size ?? 0;
      }
      return { usedBytes, keptBytes };
    },
    /**
     * Removes unpinned files, least recently used first, until the files here fit the limit.
     * Answers the SHA-256s removed.
     */
    evict(limitBytes: number): string[] {
      let { usedBytes } = cache.usage();
      if (usedBytes <= limitBytes) return [];
      const candidates = db
        .prepare(`SELECT u.sha256 AS sha256 FROM blob_usage u WHERE NOT ${KEPT} ORDER BY u.last_used_at, u.sha256`)
        .pluck()
        .all() as string[];
      const removed: string[] = [];
      for (const sha256 of candidates) {
        if (usedBytes <= limitBytes) break;
        if (!blobs.has(sha256)) continue;
        removeBlob(blobs, sha256);
        db.prepare('DELETE FROM blob_usage WHERE sha256 = ?').run(sha256);
        // The next download starts afresh (the row said done for the copy that was here).
        db.prepare(`DELETE FROM file_transfers WHERE direction = 'download' AND sha256 = ?`).run(sha256);
        usedBytes -= (sizeOfFile.get(sha256) as number | null) ?? 0;
        removed.push(sha256);
      }
      return removed;
    },
  };
  return cache;
}

export type FileCache = ReturnType<typeof createFileCache>;
