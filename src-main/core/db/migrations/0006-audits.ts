import type { Migration } from '../migrate';

/** Audits, their scope, per-control test results and findings (docs/data-model.md). */
export const m0006: Migration = {
  version: 6,
  name: 'audits',
  syncedTables: ['audits', 'audit_scope', 'audit_results', 'findings'],
  sql: /* sql */ `
    CREATE TABLE audits (
      id TEXT PRIMARY KEY,
      org_id TEXT NOT NULL,
      title TEXT NOT NULL,
      framework_id TEXT REFERENCES frameworks (id),
      window_start TEXT NOT NULL,
      window_end TEXT NOT NULL,
      status TEXT NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'fieldwork', 'reporting', 'closed')),
      auditors TEXT NOT NULL DEFAULT '[]',
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      updated_by TEXT NOT NULL,
      deleted_at TEXT,
      CHECK (window_start <= window_end)
    ) STRICT;

    CREATE TABLE audit_scope (
      id TEXT PRIMARY KEY,
      org_id TEXT NOT NULL,
      audit_id TEXT NOT NULL REFERENCES audits (id),
      control_id TEXT NOT NULL REFERENCES controls (id),
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      updated_by TEXT NOT NULL,
      deleted_at TEXT
    ) STRICT;
    CREATE UNIQUE INDEX audit_scope_pair ON audit_scope (audit_id, control_id);

    CREATE TABLE audit_results (
      id TEXT PRIMARY KEY,
      org_id TEXT NOT NULL,
      audit_id TEXT NOT NULL REFERENCES audits (id),
      control_id TEXT NOT NULL REFERENCES controls (id),
      result TEXT NOT NULL DEFAULT 'not_tested' CHECK (result IN ('pass', 'fail', 'not_tested', 'not_applicable')),
      notes TEXT NOT NULL DEFAULT '',
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      updated_by TEXT NOT NULL,
      deleted_at TEXT
    ) STRICT;
    CREATE UNIQUE INDEX audit_results_pair ON audit_results (audit_id, control_id);

    CREATE TABLE findings (
      id TEXT PRIMARY KEY,
      org_id TEXT NOT NULL,
      audit_id TEXT NOT NULL REFERENCES audits (id),
      control_id TEXT REFERENCES controls (id),
      title TEXT NOT NULL,
      description TEXT NOT NULL DEFAULT '',
      severity TEXT NOT NULL CHECK (severity IN ('low', 'medium', 'high', 'critical')),
      owner TEXT NOT NULL DEFAULT '',
      due_date TEXT,
      status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'in_remediation', 'closed', 'accepted')),
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      updated_by TEXT NOT NULL,
      deleted_at TEXT
    ) STRICT;
    CREATE INDEX findings_audit ON findings (audit_id, deleted_at);
    CREATE INDEX findings_open ON findings (status, severity) WHERE deleted_at IS NULL;

    CREATE VIRTUAL TABLE findings_fts USING fts5(
      title, description, content='findings', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2'
    );
    CREATE TRIGGER findings_fts_insert AFTER INSERT ON findings BEGIN
      INSERT INTO findings_fts (rowid, title, description) VALUES (new.rowid, new.title, new.description);
    END;
    CREATE TRIGGER findings_fts_delete AFTER DELETE ON findings BEGIN
      INSERT INTO findings_fts (findings_fts, rowid, title, description) VALUES ('delete', old.rowid, old.title, old.description);
    END;
    CREATE TRIGGER findings_fts_update AFTER UPDATE OF title, description ON findings BEGIN
      INSERT INTO findings_fts (findings_fts, rowid, title, description) VALUES ('delete', old.rowid, old.title, old.description);
      INSERT INTO findings_fts (rowid, title, description) VALUES (new.rowid, new.title, new.description);
    END;
  `,
};
