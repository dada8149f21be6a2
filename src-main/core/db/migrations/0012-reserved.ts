import type { Migration } from '../migrate';

/*
 * Placeholders for the numbers given to the other daily-work branches (0012–0015), so this
 * branch's own migrations keep their assigned numbers (0016, 0017). The lead replaces these
 * with the real ones at merge time.
 */
const reserved = (version: number): Migration => ({ version, name: `reserved-${version}`, sql: '' });
export const m0012 = reserved(12);
export const m0013 = reserved(13);
export const m0014 = reserved(14);
export const m0015 = reserved(15);
