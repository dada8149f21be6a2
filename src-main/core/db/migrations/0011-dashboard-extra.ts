import type { Migration } from '../migrate';

/** Reserved for additive changes by the dashboard feature in this release (empty until needed). */
export const m0011: Migration = {
  version: 11,
  name: 'dashboard-extra',
  sql: '',
};
