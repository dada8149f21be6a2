/**
 * Where a workspace lives on disk: `workspaces/local/` for the local workspace (no Supabase
 * configured), `workspaces/<org_id>/` for each organization, each with its own replica and
 * blob store, so organizations never share a file.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { Id, LOCAL_ORG_ID } from '../../src-shared/domain/common';

export interface WorkspacePaths {
  root: string;
  database: string;
  blobs: string;
}

function pathsIn(root: string): WorkspacePaths {
  mkdirSync(root, { recursive: true, mode: 0o700 });
  return { root, database: path.join(root, 'replica.sqlite3'), blobs: path.join(root, 'blobs') };
}

export const localWorkspacePaths = (dataDir: string): WorkspacePaths => pathsIn(path.join(dataDir, 'workspaces', 'local'));

/** The folder of an organization's workspace; the id must be a UUID, so it can never name another path. */
export function orgWorkspaceRoot(dataDir: string, orgId: string): string {
  const id = Id.parse(orgId).toLowerCase();
  if (id === LOCAL_ORG_ID) return path.join(dataDir, 'workspaces', 'local');
  return path.join(dataDir, 'workspaces', id);
}

export const workspacePaths = (dataDir: string, orgId: string): WorkspacePaths => pathsIn(orgWorkspaceRoot(dataDir, orgId));
