/**
 * Where a workspace lives on disk. The local workspace (no Supabase configured) is the
 * default; each signed-in organization will get its own folder beside it.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';

export interface WorkspacePaths {
  root: string;
  database: string;
  blobs: string;
}

export function localWorkspacePaths(dataDir: string): WorkspacePaths {
  const root = path.join(dataDir, 'workspaces', 'local');
  mkdirSync(root, { recursive: true, mode: 0o700 });
  return { root, database: path.join(root, 'replica.sqlite3'), blobs: path.join(root, 'blobs') };
}
