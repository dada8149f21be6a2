/** The policy editor's input: empty versions mean "not set", every refusal says what and why. */
import { describe, expect, it } from 'vitest';
import { UpdatePolicyInput } from '../../../src-shared/domain/fleet';

const base = { channel: null, minimumVersion: '', pinnedVersion: '', rolloutPercent: null, deferDays: null, installMode: null };

describe('UpdatePolicyInput', () => {
  it('reads empty versions as not set and trims the others', () => {
    expect(UpdatePolicyInput.parse({ ...base, minimumVersion: ' 1.4.0 ' })).toEqual({
      ...base,
      minimumVersion: '1.4.0',
      pinnedVersion: null,
    });
  });

  it.each([
    [{ minimumVersion: 'v1.4' }, 'minimumVersion', 'must be a version like 1.4.0 (or 1.5.0-beta.1)'],
    [{ pinnedVersion: '1.4' }, 'pinnedVersion', 'must be a version like 1.4.0 (or 1.5.0-beta.1)'],
    [{ rolloutPercent: 101 }, 'rolloutPercent', 'The rollout must be between 0 and 100 percent.'],
    [{ rolloutPercent: 2.5 }, 'rolloutPercent', 'The rollout must be a whole number of percent.'],
    [{ deferDays: 91 }, 'deferDays', 'The days a user may defer must be between 0 and 90.'],
    [{ channel: 'nightly' }, 'channel', 'must be latest or beta'],
    [{ installMode: 'now' }, 'installMode', 'must be on-quit, on-next-launch or manual'],
    [
      { minimumVersion: '2.0.0', pinnedVersion: '1.9.9' },
      'pinnedVersion',
      'The pinned version 1.9.9 is below the minimum version 2.0.0: devices could never sync.',
    ],
  ])('refuses %j at %s in words', (over, path, message) => {
    const result = UpdatePolicyInput.safeParse({ ...base, ...over });
    expect(result.success).toBe(false);
    const issue = result.error!.issues.find((i) => i.path[0] === path);
    expect(issue?.message).toBe(message);
  });

  it('refuses unknown keys (a tampered payload)', () => {
    expect(UpdatePolicyInput.safeParse({ ...base, updatedBy: 'me' }).success).toBe(false);
  });
});
