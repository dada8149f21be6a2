/** The SemVer schema and precedence the update policy uses (the server's check mirrors them). */
import { describe, expect, it } from 'vitest';
import { compareSemVer, SemVer } from '../../../src-shared/domain/update-policy';

describe('SemVer', () => {
  it.each(['0.0.0', '1.4.0', '10.20.30', '1.5.0-beta.1', '1.0.0-rc-1', '2.0.0-0.3.7'])('accepts %s', (v) => {
    expect(SemVer.safeParse(v).success).toBe(true);
  });
  it.each(['v1.4.0', '1.4', '01.4.0', '1.4.0+build', '1.4.0-', '1.4.0-01', ' 1.4.0', '1.4.0\n', ''])('refuses %j', (v) => {
    const r = SemVer.safeParse(v);
    expect(r.success).toBe(false);
  });
  it('says why in words', () => {
    expect(SemVer.safeParse('latest').error?.issues[0]?.message).toBe('must be a version like 1.4.0 (or 1.5.0-beta.1)');
  });
});

describe('compareSemVer', () => {
  it.each([
    ['1.4.0', '1.4.0', 0],
    ['1.4.0', '1.10.0', -1],
    ['2.0.0', '1.99.99', 1],
    ['1.5.0-beta.1', '1.5.0', -1],
    ['1.5.0-beta.2', '1.5.0-beta.10', -1],
    ['1.5.0-alpha', '1.5.0-alpha.1', -1],
    ['1.5.0-1', '1.5.0-alpha', -1],
    ['1.5.0-beta', '1.5.0-alpha', 1],
  ] as const)('%s vs %s → %d', (a, b, want) => {
    expect(compareSemVer(a, b)).toBe(want);
    expect(compareSemVer(b, a)).toBe(-want === 0 ? 0 : -want);
  });
});
