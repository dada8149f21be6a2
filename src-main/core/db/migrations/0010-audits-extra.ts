import type { Migration } from '../migrate';

/** Reserved for additive changes by the audits feature in this release (empty until needed). */
export const m0010: Migration = {
  version: 10,
  name: 'audits-extra',
  sql: '',
};
