import type { Migration } from '../migrate';

/** Reserved for additive changes by the frameworks feature in this release (empty until needed). */
export const m0007: Migration = {
  version: 7,
  name: 'frameworks-extra',
  sql: '',
};
