import type { Migration } from '../migrate';

/**
 * The files an evidence record held before `evidence.replaceFile` gave it a new version. The
 * trail event of the replacement holds the old and the new SHA-256 (it syncs); this local table
 * keeps the old file's name and size beside its SHA-256 so the blob stays in this computer's
 * store (blob-cleanup.ts never removes a blob named here). Local only: it does not sync.
 */
export const m0024: Migration = {
  version: 24,
  name: 'evidence-file-versions',
  sql: /* sql */ `
    CREATE TABLE evidence_file_versions (
      evidence_id TEXT NOT NULL,
      org_id TEXT NOT NULL,
      sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
      file_name TEXT NOT NULL,
      mime_type TEXT NOT NULL,
      size_bytes INTEGER NOT NULL CHECK (size_bytes >= 0),
      replaced_at TEXT NOT NULL,
      replaced_by TEXT NOT NULL,
      PRIMARY KEY (evidence_id, replaced_at, sha256)
    ) STRICT;
    CREATE INDEX evidence_file_versions_sha256 ON evidence_file_versions (sha256);
  `,
};
