import type { Migration } from '../migrate';

/**
 * Placeholder so this branch's list stays contiguous: 0012 is another branch's number. The lead
 * drops this file and renumbers 0013 at merge.
 */
export const m0012: Migration = {
  version: 12,
  name: 'reserved',
  sql: '',
};
