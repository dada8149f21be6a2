import type { Migration } from '../migrate';

/**
 * Placeholder for INTAKE's migration 0024 (issue 9, same session) so this branch's 0025 and 0026
 * apply in order. It changes nothing; at merge INTAKE's 0024 replaces this file.
 */
export const m0024: Migration = {
  version: 24,
  name: 'reserved-intake',
  sql: '',
};
