/**
 * Which files this computer owes the server, and when each may go. A file owes an upload when
 * it is here and has no upload row yet; it may go once one evidence record holding it has
 * reached the server (its insert no longer waits in the outbox), because Storage's object
 * policies and the other devices both expect the row first.
 */
import type { BlobStore } from '../evidence/blob-store';
import type { Db } from '../db/database';
import type { FileCache } from './file-cache';
import type { TransferStore } from './transfer-store';

interface Candidate {
  sha256: string;
  evidenceId: string;
  size: number;
}

/**
 * Records added or changed here and not pushed yet (a small set: the outbox), whose file has no
 * upload row: a new record, or one whose file was replaced by a new version.
 */
const NEW_HERE = `SELECT e.sha256 AS sha256, min(e.id) AS evidenceId, max(e.size_bytes) AS size
  FROM outbox o JOIN evidence e ON e.id = o.record_id
 WHERE o.table_name = 'evidence' AND o.op IN ('insert', 'update')
   AND NOT EXISTS (SELECT 1 FROM file_transfers t WHERE t.direction = 'upload' AND t.sha256 = e.sha256)
 GROUP BY e.sha256`;

/**
 * A file here without any transfer row, and a live record holding it (files added before
 * transfers existed). Asked per file in the store, not per record: after a first sync of a
 * million records from other computers, almost none of their files are here.
 */
const FOR_FILE = `SELECT min(e.id) AS evidenceId, max(e.size_bytes) AS size
  FROM evidence e
 WHERE e.sha256 = ? AND e.deleted_at IS NULL
   AND NOT EXISTS (SELECT 1 FROM file_transfers t WHERE t.sha256 = e.sha256)`;

export function createUploadCandidates(db: Db, blobs: BlobStore, store: TransferStore, cache: FileCache) {
  const add = (c: Candidate) => {
    store.ensure('upload', c.sha256, c.evidenceId, c.size);
    cache.touch(c.sha256);
  };
  const enqueue = (sql: string): number => {
    let added = 0;
    for (const c of db.prepare(sql).all() as Candidate[]) {
      if (!blobs.has(c.sha256)) continue;
      add(c);
      added += 1;
    }
    return added;
  };
  const forFile = db.prepare(FOR_FILE);
  const enqueueStored = (): number => {
    let added = 0;
    for (const sha256 of blobs.list()) {
      const row = forFile.get(sha256) as { evidenceId: string | null; size: number | null };
      if (row.evidenceId === null) continue;
      add({ sha256, evidenceId: row.evidenceId, size: row.size ?? 0 });
      added += 1;
    }
    return added;
  };
  // A record holding the file whose every change has been pushed: its insert, or the update that
  // replaced its file, is on the server before the object is.
  const onServer = db.prepare(
    `SELECT 1 FROM evidence e WHERE e.sha256 = ? AND NOT EXISTS (
       SELECT 1 FROM outbox o WHERE o.table_name = 'evidence' AND o.record_id = e.id) LIMIT 1`,
  );
  return {
    /** After a local write: queue uploads for files just added here. */
    scanNew: () => enqueue(NEW_HERE),
    /** When the workspace opens: every file here that never had an upload row. */
    scanAll: enqueueStored,
    /** May this file go now? (A record holding it is on the server.) */
    rowOnServer: (sha256: string) => onServer.get(sha256) !== undefined,
  };
}
