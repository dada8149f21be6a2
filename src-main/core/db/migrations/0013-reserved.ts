import type { Migration } from '../migrate';

/**
 * A placeholder on the daily-a branch only: numbers 12 and 13 belong to other branches, and the
 * list must stay contiguous. Drop this file when merging and renumber 0014/0015 to follow.
 */
export const m0013: Migration = {
  version: 13,
  name: 'reserved-13',
  sql: '',
};
