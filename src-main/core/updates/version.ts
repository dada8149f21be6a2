/**
 * Semantic versions as the update feed and the app write them (1.4.0, 1.5.0-beta.2): parse, and
 * compare by semver's precedence rules (compareSemVer, shared with the fleet view). Small on
 * purpose: the updater's own `semver` is not a dependency of the core, and policy values must be
 * checked before any feed is asked.
 */
import { compareSemVer } from '../../../src-shared/domain/update-policy';

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

/**
 * Negative when a < b, 0 when equal in precedence, positive when a > b. Throws on a non-version.
 * The precedence rules are the ones the fleet view and the org policy use (compareSemVer); this
 * side also takes a leading "v" and build metadata, which precedence ignores.
 */
export function compareVersions(a: string, b: string): number {
  const x = parseVersion(a);
  const y = parseVersion(b);
  if (!x || !y) throw new Error(`not a version: ${!x ? a : b}`);
  return compareSemVer(precedenceText(x), precedenceText(y));
}

/** MAJOR.MINOR.PATCH[-PRERELEASE]: what precedence looks at. */
const precedenceText = (v: Version) =>
  `${v.major}.${v.minor}.${v.patch}${v.prerelease.length > 0 ? `-${v.prerelease.join('.')}` : ''}`;
