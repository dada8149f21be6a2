import type { Migration } from '../migrate';

/**
 * A first sync's progress kept beside its cursor, so a restart (or a kill) in the middle shows
 * "N of M" again: the server announces M only with the first page (issue 8). Both are NULL when
 * no first sync is under way; `first_sync_done` is non-NULL from the first page's commit until
 * the last page's, `first_sync_total` only when the server estimated one. Local-only.
 */
export const m0027: Migration = {
  version: 27,
  name: 'first-sync-progress',
  sql: /* sql */ `
    ALTER TABLE sync_state ADD COLUMN first_sync_done INTEGER CHECK (first_sync_done >= 0);
    ALTER TABLE sync_state ADD COLUMN first_sync_total INTEGER CHECK (first_sync_total >= 0);
  `,
};
