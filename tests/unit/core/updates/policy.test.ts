import { describe, expect, it } from 'vitest';
import { currentChannel, resolveUpdatePolicy } from '../../../../src-main/core/updates';
import { lockReason } from '../../../../src-main/core/updates/policy';
import { MachinePolicy } from '../../../../src-main/core/auth/machine-policy';

const org = {
  channel: 'beta' as const,
  minimumVersion: '1.2.0',
  pinnedVersion: null,
  rolloutPercent: 25,
  deferDays: 3,
  installMode: null,
};

const entry = (policy: ReturnType<typeof resolveUpdatePolicy>, key: string) => policy.entries.find((e) => e.key === key)!;

describe('update policy resolution: machine > organization > user > default, per key', () => {
  it('uses the defaults when nobody set anything, and nothing is locked', () => {
    const policy = resolveUpdatePolicy({ machine: null, org: null, user: null });
    expect(policy.values).toEqual({
      channel: 'latest',
      minimumVersion: null,
      pinnedVersion: null,
      rolloutPercent: 100,
      deferDays: 7,
      installMode: 'on-quit',
    });
    expect(policy.entries.every((e) => e.source === 'default' && !e.locked)).toBe(true);
    expect(policy.feedUrl).toBeNull();
  });

  it('takes the user’s channel and install mode when neither machine nor organization set them', () => {
    const policy = resolveUpdatePolicy({ machine: null, org: null, user: { channel: 'beta', installMode: 'manual' } });
    expect(entry(policy, 'channel')).toEqual({ key: 'channel', value: 'beta', source: 'user', locked: false });
    expect(entry(policy, 'installMode')).toEqual({ key: 'installMode', value: 'manual', source: 'user', locked: false });
  });

  it('an organization value beats the user’s and is locked; keys the org left null fall through', () => {
    const policy = resolveUpdatePolicy({ machine: null, org, user: { channel: 'latest', installMode: 'manual' } });
    expect(entry(policy, 'channel')).toEqual({ key: 'channel', value: 'beta', source: 'organization', locked: true });
    expect(entry(policy, 'minimumVersion')).toMatchObject({ value: '1.2.0', source: 'organization', locked: true });
    expect(entry(policy, 'installMode')).toEqual({ key: 'installMode', value: 'manual', source: 'user', locked: false });
    expect(policy.values.rolloutPercent).toBe(25);
  });

  it('a machine value beats the organization’s, and `locked` locks keys the machine leaves unset', () => {
    const policy = resolveUpdatePolicy({
      machine: { channel: 'latest', deferDays: 0, locked: ['installMode'], feedUrl: 'https://updates.example.com/cf' },
      org,
      user: { installMode: 'manual' },
    });
    expect(entry(policy, 'channel')).toEqual({ key: 'channel', value: 'latest', source: 'machine', locked: true });
    expect(entry(policy, 'deferDays')).toMatchObject({ value: 0, source: 'machine', locked: true });
    expect(entry(policy, 'minimumVersion')).toMatchObject({ value: '1.2.0', source: 'organization' });
    // Locked by the machine without a value: the user's choice is ignored, the default applies.
    expect(entry(policy, 'installMode')).toEqual({ key: 'installMode', value: 'on-quit', source: 'default', locked: true });
    expect(policy.feedUrl).toBe('https://updates.example.com/cf');
  });

  it('`locked: true` locks every key', () => {
    const policy = resolveUpdatePolicy({ machine: { locked: true }, org: null, user: { channel: 'beta' } });
    expect(policy.entries.every((e) => e.locked)).toBe(true);
    expect(policy.values.channel).toBe('latest');
  });

  it('says in words why a key cannot be changed, and lets the user change an unlocked one', () => {
    const policy = resolveUpdatePolicy({ machine: null, org, user: null });
    expect(lockReason(policy, 'channel')).toMatch(/managed by your organization/);
    expect(lockReason(policy, 'installMode')).toBeNull();
    expect(lockReason(policy, 'pinnedVersion')).toMatch(/decided by your organization/);
  });

  it('currentChannel answers the resolved channel', () => {
    expect(currentChannel({ machine: null, org: null, user: null })).toBe('latest');
    expect(currentChannel({ machine: null, org, user: { channel: 'latest' } })).toBe('beta');
    expect(currentChannel({ machine: { channel: 'latest' }, org, user: null })).toBe('latest');
  });
});

describe('machine policy file: update keys', () => {
  it('accepts the update keys and refuses wrong values in words', () => {
    expect(MachinePolicy.safeParse({ updates: { channel: 'beta', minimumVersion: '1.4.0', locked: ['channel'] } }).success).toBe(
      true,
    );
    const bad = [
      { updates: { channel: 'nightly' } },
      { updates: { minimumVersion: 'one' } },
      { updates: { rolloutPercent: 101 } },
      { updates: { deferDays: -1 } },
      { updates: { feedUrl: 'http://updates.example.com' } },
      { updates: { locked: ['nope'] } },
      { updates: { chanel: 'beta' } },
    ];
    for (const value of bad) expect(MachinePolicy.safeParse(value).success, JSON.stringify(value)).toBe(false);
  });
});
