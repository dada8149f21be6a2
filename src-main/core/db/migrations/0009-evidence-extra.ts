import type { Migration } from '../migrate';

/** Reserved for additive changes by the evidence feature in this release (empty until needed). */
export const m0009: Migration = {
  version: 9,
  name: 'evidence-extra',
  sql: '',
};
