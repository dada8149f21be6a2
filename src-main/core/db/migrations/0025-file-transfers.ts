import type { Migration } from '../migrate';

/**
 * Evidence files on their way to or from Storage (src-main/core/transfers/). Local-only: what
 * this computer still has to send or fetch, how far it got and why it stopped, so a killed core
 * resumes where the server says it is. `tus_uploads` is tus-js-client's URL storage (the upload
 * URLs it resumes from), keyed as the client keys it.
 */
export const m0025: Migration = {
  version: 25,
  name: 'file-transfers',
  sql: /* sql */ `
    CREATE TABLE file_transfers (
      id TEXT PRIMARY KEY,
      direction TEXT NOT NULL CHECK (direction IN ('upload', 'download')),
      sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
      evidence_id TEXT NOT NULL,
      size_bytes INTEGER NOT NULL CHECK (size_bytes >= 0),
      bytes_done INTEGER NOT NULL DEFAULT 0 CHECK (bytes_done >= 0),
      state TEXT NOT NULL CHECK (state IN ('queued', 'running', 'paused', 'failed', 'damaged', 'done')),
      -- An upload that replaces a damaged object on the server (x-upsert; owner, admin, compliance officer).
      overwrite INTEGER NOT NULL DEFAULT 0 CHECK (overwrite IN (0, 1)),
      attempts INTEGER NOT NULL DEFAULT 0,
      last_error TEXT,
      next_attempt_at TEXT,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL
    ) STRICT;
    CREATE UNIQUE INDEX file_transfers_one ON file_transfers (direction, sha256);
    CREATE INDEX file_transfers_active ON file_transfers (state, updated_at);

    CREATE TABLE tus_uploads (
      url_storage_key TEXT PRIMARY KEY,
      fingerprint TEXT NOT NULL,
      upload TEXT NOT NULL
    ) STRICT;
    CREATE INDEX tus_uploads_fingerprint ON tus_uploads (fingerprint);
  `,
};
