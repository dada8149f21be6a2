import { formatDateTime } from '../../components/dates';

/** "v2.1": how a policy version reads everywhere in the app. */
export const versionLabel = (v: { versionMajor: number; versionMinor: number }) => `v${v.versionMajor}.${v.versionMinor}`;

/**
 * "revision 3 (v1.0, 26 Nov 2026, 12:55)": a saved revision named unambiguously. Saves before an
 * approval share a version, so the number (1 = the first save) is what tells them apart.
 */
export const revisionName = (number: number, r: { versionMajor: number; versionMinor: number; createdAt: string }) =>
  `revision ${number} (${versionLabel(r)}, ${formatDateTime(r.createdAt)})`;
