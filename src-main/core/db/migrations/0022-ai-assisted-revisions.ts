import type { Migration } from '../migrate';

/**
 * A revision saved from an AI draft says so (issue 10): 1 for AI-assisted, 0 or NULL otherwise (the
 * server's column is a nullable boolean, so a pulled `false` must apply too). The
 * mark is part of the revision row, so the trail event recording the revision carries it and it
 * syncs with the revision (server: policy_revisions.ai_assisted). Synced table: nullable only.
 */
export const m0022: Migration = {
  version: 22,
  name: 'ai-assisted-revisions',
  sql: /* sql */ `
    ALTER TABLE policy_revisions ADD COLUMN ai_assisted INTEGER CHECK (ai_assisted IS NULL OR ai_assisted IN (0, 1));
  `,
};
