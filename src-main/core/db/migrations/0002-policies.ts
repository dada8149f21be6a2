import type { Migration } from '../migrate';

export const m0002: Migration = {
  version: 2,
  name: 'policies',
  syncedTables: ['policies'],
  sql: /* sql */ `
    CREATE TABLE policies (
      id TEXT PRIMARY KEY,
      org_id TEXT NOT NULL,
      title TEXT NOT NULL,
      body TEXT NOT NULL DEFAULT '',
      status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'in_review', 'approved', 'published')),
      owner TEXT NOT NULL DEFAULT '',
      next_review_date TEXT,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      updated_by TEXT NOT NULL,
      deleted_at TEXT
    ) STRICT;
    CREATE INDEX policies_live ON policies (org_id, deleted_at, updated_at);

    CREATE VIRTUAL TABLE policies_fts USING fts5(
      title, body, content='policies', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2'
    );
    CREATE TRIGGER policies_fts_insert AFTER INSERT ON policies BEGIN
      INSERT INTO policies_fts (rowid, title, body) VALUES (new.rowid, new.title, new.body);
    END;
    CREATE TRIGGER policies_fts_delete AFTER DELETE ON policies BEGIN
      INSERT INTO policies_fts (policies_fts, rowid, title, body) VALUES ('delete', old.rowid, old.title, old.body);
    END;
    CREATE TRIGGER policies_fts_update AFTER UPDATE OF title, body ON policies BEGIN
      INSERT INTO policies_fts (policies_fts, rowid, title, body) VALUES ('delete', old.rowid, old.title, old.body);
      INSERT INTO policies_fts (rowid, title, body) VALUES (new.rowid, new.title, new.body);
    END;
  `,
};
