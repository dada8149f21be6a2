import type { Migration } from '../migrate';

/** Frameworks imported from OSCAL catalogs and the organization's controls (docs/data-model.md). */
export const m0003: Migration = {
  version: 3,
  name: 'frameworks-controls',
  syncedTables: ['frameworks', 'controls'],
  sql: /* sql */ `
    CREATE TABLE frameworks (
      id TEXT PRIMARY KEY,
      org_id TEXT NOT NULL,
      title TEXT NOT NULL,
      version TEXT NOT NULL DEFAULT '',
      source_uuid TEXT NOT NULL,
      source_name TEXT NOT NULL DEFAULT '',
      oscal_version TEXT NOT NULL DEFAULT '',
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      updated_by TEXT NOT NULL,
      deleted_at TEXT
    ) STRICT;
    CREATE UNIQUE INDEX frameworks_source ON frameworks (org_id, source_uuid) WHERE deleted_at IS NULL;

    CREATE TABLE controls (
      id TEXT PRIMARY KEY,
      org_id TEXT NOT NULL,
      framework_id TEXT NOT NULL REFERENCES frameworks (id),
      parent_id TEXT REFERENCES controls (id),
      control_key TEXT NOT NULL,
      label TEXT NOT NULL DEFAULT '',
      title TEXT NOT NULL,
      group_title TEXT NOT NULL DEFAULT '',
      statement TEXT NOT NULL DEFAULT '',
      guidance TEXT NOT NULL DEFAULT '',
      params TEXT NOT NULL DEFAULT '[]',
      sort_key TEXT NOT NULL DEFAULT '',
      status TEXT NOT NULL DEFAULT 'not_started'
        CHECK (status IN ('not_started', 'in_progress', 'implemented', 'not_applicable')),
      justification TEXT NOT NULL DEFAULT '',
      owner TEXT NOT NULL DEFAULT '',
      notes TEXT NOT NULL DEFAULT '',
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      updated_by TEXT NOT NULL,
      deleted_at TEXT
    ) STRICT;
    CREATE UNIQUE INDEX controls_key ON controls (framework_id, control_key);
    CREATE INDEX controls_framework ON controls (framework_id, deleted_at, sort_key);
    CREATE INDEX controls_parent ON controls (parent_id);

    CREATE VIRTUAL TABLE controls_fts USING fts5(
      label, title, statement, guidance, content='controls', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2'
    );
    CREATE TRIGGER controls_fts_insert AFTER INSERT ON controls BEGIN
      INSERT INTO controls_fts (rowid, label, title, statement, guidance) VALUES (new.rowid, new.label, new.title, new.statement, new.guidance);
    END;
    CREATE TRIGGER controls_fts_delete AFTER DELETE ON controls BEGIN
      INSERT INTO controls_fts (controls_fts, rowid, label, title, statement, guidance) VALUES ('delete', old.rowid, old.label, old.title, old.statement, old.guidance);
    END;
    CREATE TRIGGER controls_fts_update AFTER UPDATE OF label, title, statement, guidance ON controls BEGIN
      INSERT INTO controls_fts (controls_fts, rowid, label, title, statement, guidance) VALUES ('delete', old.rowid, old.label, old.title, old.statement, old.guidance);
      INSERT INTO controls_fts (rowid, label, title, statement, guidance) VALUES (new.rowid, new.label, new.title, new.statement, new.guidance);
    END;
  `,
};
