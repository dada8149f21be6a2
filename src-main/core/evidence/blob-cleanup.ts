/**
 * Start-time cleanup of the blob store. An `evidence.add` killed midway leaves either a
 * `.tmp-*` file (killed before the rename) or a complete blob that no evidence row references
 * (killed after the rename, before the row committed); no later write ever removes them.
 *
 * Why this is safe: it runs once, synchronously, when the core opens the workspace and before
 * the router serves any call, so no write can be in flight. A blob written just before its row
 * commits exists only inside a running `evidence.add`, which cannot overlap this function; a
 * blob left by a killed one has no row and never will. A blob that any evidence row references
 * is never deleted, tombstoned rows included (a restore brings them back), nor an earlier file of a
 * record (evidence_file_versions). Staged files (`staged/`) waiting for a record that was never
 * written go too: their ids lived in the closed core's memory only. Names that are not a
 * blob's or a temp file's are left alone.
 */
import { readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { Db } from '../db/database';
import type { Logger } from '../router/router';
import { clearStagedFolder } from '../files/staged-files';

const FOLDER = /^[0-9a-f]{2}$/;
const REST = /^[0-9a-f]{62}$/;

export interface BlobCleanup {
  tempFiles: number;
  orphans: number;
}

export function removeStrayBlobs({ db, root, log }: { db: Db; root: string; log: Logger }): BlobCleanup {
  const removed: BlobCleanup = { tempFiles: 0, orphans: 0 };
  const base = path.join(root, 'sha256');
  const list = (folder: string) => {
    try {
      return readdirSync(folder, { withFileTypes: true });
    } catch {
      return []; // No blob store yet (no evidence added).
    }
  };
  // A record's earlier files (evidence.replaceFile) stay: the record's history names them.
  const referenced = db
    .prepare(
      'SELECT 1 FROM evidence WHERE sha256 = @sha UNION ALL SELECT 1 FROM evidence_file_versions WHERE sha256 = @sha LIMIT 1',
    )
    .pluck();
  const remove = (file: string, kind: keyof BlobCleanup) => {
    try {
      rmSync(file, { force: true });
      removed[kind] += 1;
    } catch (error) {
      log.error(`Could not remove ${file}`, (error as Error).message);
    }
  };
  // Files copied in for a record that was never written (the app closed before "Add").
  removed.tempFiles += clearStagedFolder(root);
  for (const folder of list(base)) {
    if (!folder.isDirectory() || !FOLDER.test(folder.name)) continue;
    const dir = path.join(base, folder.name);
    for (const entry of list(dir)) {
      if (!entry.isFile()) continue;
      if (entry.name.startsWith('.tmp-')) remove(path.join(dir, entry.name), 'tempFiles');
      else if (REST.test(entry.name) && referenced.get({ sha: folder.name + entry.name }) === undefined) {
        remove(path.join(dir, entry.name), 'orphans');
      }
    }
  }
  return removed;
}
