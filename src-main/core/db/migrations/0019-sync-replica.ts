import type { Migration } from '../migrate';

/**
 * Reserved for the sync engine's replica tables (issue 8, sync-contract.md: ENG owns this file).
 * Empty on this branch so the list stays contiguous; the engine's migration replaces it at merge.
 */
export const m0019: Migration = {
  version: 19,
  name: 'sync-replica',
  sql: '',
};
