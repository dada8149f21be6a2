import type { Migration } from '../migrate';

/** Reserved for additive changes by the policies feature in this release (empty until needed). */
export const m0008: Migration = {
  version: 8,
  name: 'policies-extra',
  sql: '',
};
