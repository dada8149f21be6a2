import type { Migration } from '../migrate';

/** Policy revisions, approval, versions and links to controls (docs/data-model.md). */
export const m0004: Migration = {
  version: 4,
  name: 'policy-workflow',
  syncedTables: ['policy_revisions', 'policy_controls'],
  sql: /* sql */ `
    ALTER TABLE policies ADD COLUMN approved_by TEXT;
    ALTER TABLE policies ADD COLUMN approved_at TEXT;
    ALTER TABLE policies ADD COLUMN current_revision_id TEXT;
    ALTER TABLE policies ADD COLUMN published_revision_id TEXT;
    ALTER TABLE policies ADD COLUMN version_major INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE policies ADD COLUMN version_minor INTEGER NOT NULL DEFAULT 1;

    CREATE TABLE policy_revisions (
      id TEXT PRIMARY KEY,
      org_id TEXT NOT NULL,
      policy_id TEXT NOT NULL REFERENCES policies (id),
      title TEXT NOT NULL,
      body TEXT NOT NULL,
      version_major INTEGER NOT NULL,
      version_minor INTEGER NOT NULL,
      base_revision_id TEXT REFERENCES policy_revisions (id),
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      updated_by TEXT NOT NULL,
      deleted_at TEXT
    ) STRICT;
    CREATE INDEX policy_revisions_policy ON policy_revisions (policy_id, created_at);

    CREATE TABLE policy_controls (
      id TEXT PRIMARY KEY,
      org_id TEXT NOT NULL,
      policy_id TEXT NOT NULL REFERENCES policies (id),
      control_id TEXT NOT NULL REFERENCES controls (id),
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      updated_by TEXT NOT NULL,
      deleted_at TEXT
    ) STRICT;
    CREATE UNIQUE INDEX policy_controls_pair ON policy_controls (policy_id, control_id);
    CREATE INDEX policy_controls_control ON policy_controls (control_id);
  `,
};
