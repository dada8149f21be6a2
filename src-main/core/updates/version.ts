/**
 * Semantic versions as the update feed and the app write them (1.4.0, 1.5.0-beta.2): parse and
 * compare by semver's precedence rules. Small on purpose: the updater's own `semver` is not a
 * dependency of the core, and policy values must be checked before any feed is asked.
 */
export interface Version {
  major: number;
  minor: number;
  patch: number;
  prerelease: (string | number)[];
  text: string;
}

const PATTERN =
  /^v?(0|[1-9]\d{0,8})\.(0|[1-9]\d{0,8})\.(0|[1-9]\d{0,8})(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+[0-9A-Za-z-.]+)?$/;

/** The version, or null when the text is not one (callers say so in words). */
export function parseVersion(text: string): Version | null {
  const match = PATTERN.exec(text.trim());
  if (!match) return null;
  const prerelease = match[4] ? match[4].split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : part)) : [];
  return { major: Number(match[1]), minor: Number(match[2]), patch: Number(match[3]), prerelease, text: text.trim() };
}

export const isVersion = (text: string): boolean => parseVersion(text) !== null;

/** Negative when a < b, 0 when equal in precedence, positive when a > b. Throws on a non-version. */
export function compareVersions(a: string, b: string): number {
  const x = parseVersion(a);
  const y = parseVersion(b);
  if (!x || !y) throw new Error(`not a version: ${!x ? a : b}`);
  for (const key of ['major', 'minor', 'patch'] as const) if (x[key] !== y[key]) return x[key] - y[key];
  // A release outranks its prereleases (1.0.0 > 1.0.0-beta.1).
  if (x.prerelease.length === 0 || y.prerelease.length === 0) return y.prerelease.length - x.prerelease.length;
  for (let i = 0; i < Math.max(x.prerelease.length, y.prerelease.length); i++) {
    const p = x.prerelease[i];
    const q = y.prerelease[i];
    if (p === undefined) return -1;
    if (q === undefined) return 1;
    if (p === q) continue;
    if (typeof p === 'number' && typeof q === 'number') return p - q;
    if (typeof p === 'number') return -1;
    if (typeof q === 'number') return 1;
    return p < q ? -1 : 1;
  }
  return 0;
}
