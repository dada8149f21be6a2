import { describe, expect, it } from 'vitest';
import {
  allowDowngradeFor,
  deferralFor,
  feedUrlProblem,
  installPlan,
  judgeOffer,
  rolloutBucket,
} from '../../../../src-main/core/updates';
import { compareVersions } from '../../../../src-main/core/updates/version';
import { releaseNotesText } from '../../../../src-main/core/updates/release-notes';

const policy: { pinnedVersion: string | null; minimumVersion: string | null; rolloutPercent: number } = {
  pinnedVersion: null,
  minimumVersion: null,
  rolloutPercent: 100,
};
const ctx = (over: Partial<typeof policy> = {}, currentVersion = '1.2.0', deviceId = 'device-a') => ({
  currentVersion,
  deviceId,
  policy: { ...policy, ...over },
});

describe('versions', () => {
  it('orders releases and prereleases by semver precedence', () => {
    const sorted = [
      '1.0.0-alpha',
      '1.0.0-alpha.1',
      '1.0.0-beta',
      '1.0.0-beta.2',
      '1.0.0-beta.11',
      '1.0.0-rc.1',
      '1.0.0',
      '1.0.1',
      '1.10.0',
      '2.0.0',
    ];
    for (let i = 1; i < sorted.length; i++)
      expect(compareVersions(sorted[i - 1], sorted[i]), `${sorted[i - 1]} < ${sorted[i]}`).toBeLessThan(0);
    expect(compareVersions('1.2.0', 'v1.2.0')).toBe(0);
    expect(() => compareVersions('1.2', '1.2.0')).toThrow(/not a version/);
  });
});

describe('staged rollout, deterministic per device', () => {
  it('gives the same bucket for the same device and version, spread over 0–99', () => {
    expect(rolloutBucket('device-a', '1.3.0')).toBe(rolloutBucket('device-a', '1.3.0'));
    const buckets = Array.from({ length: 2000 }, (_, i) => rolloutBucket(`device-${i}`, '1.3.0'));
    expect(Math.min(...buckets)).toBe(0);
    expect(Math.max(...buckets)).toBe(99);
    const taken = buckets.filter((b) => b < 25).length / buckets.length;
    expect(taken).toBeGreaterThan(0.2);
    expect(taken).toBeLessThan(0.3);
  });

  it('takes a newer version only when the device’s bucket is below the stricter of the org’s and the feed’s percentage', () => {
    const devices = Array.from({ length: 400 }, (_, i) => `device-${i}`);
    const inside = devices.filter((id) => rolloutBucket(id, '1.3.0') < 30);
    const outside = devices.filter((id) => rolloutBucket(id, '1.3.0') >= 30);
    for (const id of inside) expect(judgeOffer(ctx({ rolloutPercent: 30 }, '1.2.0', id), { version: '1.3.0' }).take).toBe(true);
    for (const id of outside) {
      const answer = judgeOffer(ctx({ rolloutPercent: 30 }, '1.2.0', id), { version: '1.3.0' });
      expect(answer).toMatchObject({ take: false, kind: 'not-yet' });
      expect(answer.reason).toMatch(/rolled out to 30% of computers/);
    }
    // The feed's stagingPercentage (electron-builder writes it into latest*.yml) narrows it further.
    for (const id of inside.filter((d) => rolloutBucket(d, '1.3.0') >= 10))
      expect(judgeOffer(ctx({ rolloutPercent: 30 }, '1.2.0', id), { version: '1.3.0', stagingPercentage: 10 }).take).toBe(false);
  });

  it('below the minimum version the update is taken whatever the rollout says', () => {
    const outside = Array.from({ length: 200 }, (_, i) => `d${i}`).find((id) => rolloutBucket(id, '1.3.0') >= 1)!;
    expect(judgeOffer(ctx({ rolloutPercent: 0, minimumVersion: '1.3.0' }, '1.2.0', outside), { version: '1.3.0' }).take).toBe(
      true,
    );
    expect(judgeOffer(ctx({ rolloutPercent: 0 }, '1.2.0', outside), { version: '1.3.0' }).take).toBe(false);
  });
});

describe('pins and downgrades', () => {
  it('never goes to an older version without a pin', () => {
    const answer = judgeOffer(ctx(), { version: '1.1.0' });
    expect(answer).toMatchObject({ take: false, kind: 'refused' });
    expect(answer.reason).toMatch(/never goes back to an older version unless your organization pins it/);
    expect(allowDowngradeFor('1.2.0', null)).toBe(false);
  });

  it('installs a pinned version even when older, and allows downgrade only for it', () => {
    expect(judgeOffer(ctx({ pinnedVersion: '1.1.0' }), { version: '1.1.0' })).toMatchObject({ take: true, downgrade: true });
    expect(allowDowngradeFor('1.2.0', '1.1.0')).toBe(true);
    expect(allowDowngradeFor('1.2.0', '1.3.0')).toBe(false);
  });

  it('never upgrades past the pin, even with rollout at 100%', () => {
    const answer = judgeOffer(ctx({ pinnedVersion: '1.2.0' }), { version: '1.4.0' });
    expect(answer).toMatchObject({ take: false, kind: 'up-to-date' });
    expect(judgeOffer(ctx({ pinnedVersion: '1.3.0' }), { version: '1.4.0' })).toMatchObject({ take: false, kind: 'refused' });
    expect(judgeOffer(ctx({ pinnedVersion: '1.3.0' }), { version: '1.3.0' })).toMatchObject({ take: true, downgrade: false });
  });

  it('refuses a version that is not one', () => {
    expect(judgeOffer(ctx(), { version: 'latest<script>' })).toMatchObject({ take: false, kind: 'refused' });
  });
});

describe('deferral and install modes', () => {
  const offered = '2026-12-01T09:00:00.000Z';
  const at = (iso: string) => new Date(iso);

  it('counts the policy’s days from when the update was first offered', () => {
    const record = { version: '1.3.0', firstOfferedAt: offered, deferred: true };
    expect(deferralFor(record, 3, false, at('2026-12-02T10:00:00.000Z'))).toMatchObject({
      daysLeft: 2,
      deferred: true,
      canDefer: true,
    });
    const late = deferralFor(record, 3, false, at('2026-12-04T09:00:00.001Z'))!;
    expect(late).toMatchObject({ daysLeft: 0, deferred: false, canDefer: false, deadline: '2026-12-04T09:00:00.000Z' });
    expect(deferralFor(record, 0, false, at(offered))).toMatchObject({ canDefer: false });
    expect(deferralFor(record, 3, true, at(offered))).toMatchObject({ canDefer: false, deferred: false });
  });

  it('maps install mode, deferral and minimum version to when the update installs', () => {
    expect(installPlan('on-quit', false, null)).toMatchObject({
      autoDownload: true,
      autoInstallOnAppQuit: true,
      installWhen: 'on-quit',
    });
    expect(installPlan('on-next-launch', false, null)).toMatchObject({
      autoDownload: true,
      autoInstallOnAppQuit: false,
      installAtLaunch: true,
    });
    expect(installPlan('manual', false, null)).toMatchObject({
      autoDownload: false,
      autoInstallOnAppQuit: false,
      installWhen: 'manual',
    });
    const deferred = { version: '1.3.0', deadline: offered, daysLeft: 2, deferred: true, canDefer: true };
    expect(installPlan('on-quit', false, deferred)).toMatchObject({ autoInstallOnAppQuit: false, installWhen: 'deferred' });
    const expired = { ...deferred, daysLeft: 0, deferred: false, canDefer: false };
    expect(installPlan('manual', false, expired)).toMatchObject({
      autoDownload: true,
      autoInstallOnAppQuit: true,
      installWhen: 'on-quit',
    });
    expect(installPlan('manual', true, deferred)).toMatchObject({ autoDownload: true, autoInstallOnAppQuit: true });
  });
});

describe('feed addresses', () => {
  it('allows https, and plain http only to loopback in test mode', () => {
    expect(feedUrlProblem('https://updates.example.com/cf', false)).toBeNull();
    expect(feedUrlProblem('http://127.0.0.1:4000/feed', true)).toBeNull();
    expect(feedUrlProblem('http://127.0.0.1:4000/feed', false)).toMatch(/not HTTPS/);
    expect(feedUrlProblem('http://updates.example.com/cf', true)).toMatch(/not HTTPS/);
    expect(feedUrlProblem('file:///etc/passwd', true)).toMatch(/not HTTPS/);
    expect(feedUrlProblem('not a url', true)).toMatch(/not a URL/);
  });
});

describe('release notes', () => {
  it('become plain text: no tags, no scripts, entities decoded once', () => {
    expect(
      releaseNotesText(
        '<h2>Fixes</h2><ul><li>Faster <b>sync</b></li><li>&lt;safe&gt; &amp; sound</li></ul><script>alert(1)</script><img src=x onerror=alert(1)>',
      ),
    ).toBe('Fixes\n• Faster sync\n• <safe> & sound');
    expect(releaseNotesText('')).toBeNull();
    expect(releaseNotesText('&amp;lt;b&amp;gt;')).toBe('&lt;b&gt;');
  });
});
