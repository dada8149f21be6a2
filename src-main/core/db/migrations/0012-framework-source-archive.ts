import type { Migration } from '../migrate';

/**
 * Frameworks learn which catalog they come from (shared by its baselines, see
 * src-shared/domain/catalog-source.ts) and can be archived; controls keep their statement as a
 * template so organization-defined parameter values can be rendered into it. Additive only:
 * every new column has a default, so older clients keep syncing.
 */
export const m0012: Migration = {
  version: 12,
  name: 'framework-source-archive',
  sql: /* sql */ `
    ALTER TABLE frameworks ADD COLUMN catalog_source TEXT NOT NULL DEFAULT '';
    ALTER TABLE frameworks ADD COLUMN archived_at TEXT;
    ALTER TABLE controls ADD COLUMN statement_template TEXT NOT NULL DEFAULT '';
    CREATE INDEX controls_org_key ON controls (org_id, control_key);
  `,
};
