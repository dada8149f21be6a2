import type { Migration } from '../migrate';

/**
 * One implementation per control of a catalog, shared by every baseline that selects it: the
 * organization's status, owner, notes, justification and parameter values (JSON object,
 * parameter id → value). Keyed by org, catalog source and control id; the row id is derived
 * from that key (implementations.ts), so two devices that create it offline make the same row.
 * The per-framework columns on controls stay (additive-only) and are read only to migrate.
 */
export const m0013: Migration = {
  version: 13,
  name: 'control-implementations',
  syncedTables: ['control_implementations'],
  sql: /* sql */ `
    CREATE TABLE control_implementations (
      id TEXT PRIMARY KEY,
      org_id TEXT NOT NULL,
      catalog_source TEXT NOT NULL,
      control_key TEXT NOT NULL,
      status TEXT NOT NULL DEFAULT 'not_started'
        CHECK (status IN ('not_started', 'in_progress', 'implemented', 'not_applicable')),
      justification TEXT NOT NULL DEFAULT '',
      owner TEXT NOT NULL DEFAULT '',
      notes TEXT NOT NULL DEFAULT '',
      param_values TEXT NOT NULL DEFAULT '{}',
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      updated_by TEXT NOT NULL,
      deleted_at TEXT
    ) STRICT;
    CREATE UNIQUE INDEX control_implementations_key
      ON control_implementations (org_id, catalog_source, control_key) WHERE deleted_at IS NULL;
  `,
};
