import type { Migration } from '../migrate';

/** Evidence metadata (files live in the content-addressed blob store) and its control links. */
export const m0005: Migration = {
  version: 5,
  name: 'evidence',
  syncedTables: ['evidence', 'evidence_controls'],
  sql: /* sql */ `
    CREATE TABLE evidence (
      id TEXT PRIMARY KEY,
      org_id TEXT NOT NULL,
      title TEXT NOT NULL,
      description TEXT NOT NULL DEFAULT '',
      sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
      file_name TEXT NOT NULL DEFAULT '',
      mime_type TEXT NOT NULL DEFAULT 'application/octet-stream',
      size_bytes INTEGER NOT NULL,
      as_of_date TEXT NOT NULL,
      expires_on TEXT,
      renewal_days INTEGER,
      captured_by TEXT NOT NULL DEFAULT '',
      device_id TEXT NOT NULL DEFAULT '',
      audit_id TEXT,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      updated_by TEXT NOT NULL,
      deleted_at TEXT
    ) STRICT;
    CREATE INDEX evidence_live ON evidence (org_id, deleted_at, updated_at);
    CREATE INDEX evidence_expiry ON evidence (expires_on) WHERE deleted_at IS NULL;
    CREATE INDEX evidence_sha ON evidence (sha256);

    CREATE TABLE evidence_controls (
      id TEXT PRIMARY KEY,
      org_id TEXT NOT NULL,
      evidence_id TEXT NOT NULL REFERENCES evidence (id),
      control_id TEXT NOT NULL REFERENCES controls (id),
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      updated_by TEXT NOT NULL,
      deleted_at TEXT
    ) STRICT;
    CREATE UNIQUE INDEX evidence_controls_pair ON evidence_controls (evidence_id, control_id);
    CREATE INDEX evidence_controls_control ON evidence_controls (control_id);

    CREATE VIRTUAL TABLE evidence_fts USING fts5(
      title, description, file_name, content='evidence', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2'
    );
    CREATE TRIGGER evidence_fts_insert AFTER INSERT ON evidence BEGIN
      INSERT INTO evidence_fts (rowid, title, description, file_name) VALUES (new.rowid, new.title, new.description, new.file_name);
    END;
    CREATE TRIGGER evidence_fts_delete AFTER DELETE ON evidence BEGIN
      INSERT INTO evidence_fts (evidence_fts, rowid, title, description, file_name) VALUES ('delete', old.rowid, old.title, old.description, old.file_name);
    END;
    CREATE TRIGGER evidence_fts_update AFTER UPDATE OF title, description, file_name ON evidence BEGIN
      INSERT INTO evidence_fts (evidence_fts, rowid, title, description, file_name) VALUES ('delete', old.rowid, old.title, old.description, old.file_name);
      INSERT INTO evidence_fts (rowid, title, description, file_name) VALUES (new.rowid, new.title, new.description, new.file_name);
    END;
  `,
};
