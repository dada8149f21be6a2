/**
 * Every replica migration, in order. This list only grows: a released migration is never
 * edited, and tables that sync change additively only (tests/unit/core/db/additive.test.ts).
 */
import type { Migration } from '../migrate';
import { m0001 } from './0001-sync-bookkeeping';
import { m0002 } from './0002-policies';

export const migrations: readonly Migration[] = [m0001, m0002];

/** Tables that sync with the server: their columns may be added, never dropped or retyped. */
export const syncedTables: readonly string[] = ['policies'];
