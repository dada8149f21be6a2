/**
 * The real electron-updater (AppImageUpdater) under Node, driven by the app's update driver with
 * the core's decisions, against a feed on 127.0.0.1 serving real latest-linux.yml / beta-linux.yml
 * files, installers with their real sha512 and electron-builder's blockmaps. Each decision and
 * each security refusal of issue 11 is proven by what gets downloaded and installed (the
 * "installed" AppImage file is replaced, or not).
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rolloutBucket } from '../../../src-main/core/updates';
import { startFeedServer, type FeedServer } from '../../support/update-feed/feed-server';
import { publishRelease, writeInstaller } from '../../support/update-feed/releases';
import { makeHarness } from '../../support/update-feed/updater-harness';
import { tempDir } from '../../support/temp-dir';

let dir: ReturnType<typeof tempDir>;
let feedDir: string;
let feed: FeedServer;
const padding = randomBytes(96 * 1024);

const sha512 = (file: string) => createHash('sha512').update(readFileSync(file)).digest('base64');

/** A computer running `version`: its installed AppImage is that version's real installer. */
async function computer(version: string, extra: { deviceId?: string; allowLoopbackHttp?: boolean; feedUrl?: string } = {}) {
  const root = path.join(dir.path, `computer-${Math.random().toString(36).slice(2)}`);
  mkdirSync(path.join(root, 'installed'), { recursive: true });
  const old = await writeInstaller(path.join(root, 'installed'), version, padding);
  const harness = makeHarness(root, {
    version,
    feedUrl: extra.feedUrl ?? feed.url,
    ...extra,
  });
  writeFileSync(harness.installedFile, readFileSync(old.file), { mode: 0o755 });
  return harness;
}

const events = (reports: { event: string }[]) => reports.map((r) => r.event);
const last = <T>(list: T[]) => list[list.length - 1];

beforeEach(async () => {
  dir = tempDir('complyflow-updater-');
  feedDir = path.join(dir.path, 'feed');
  mkdirSync(feedDir);
  feed = await startFeedServer(feedDir);
});
afterEach(async () => {
  await feed.close();
  dir.remove();
  delete process.env.APPIMAGE;
});

describe('channels', () => {
  it('latest: downloads the newer version, verifies it and installs it when the user quits', async () => {
    const release = await publishRelease(feedDir, '1.3.0', { padding, releaseNotes: '<p>Faster sync</p>' });
    const pc = await computer('1.2.0');
    const reports = await pc.run({});
    expect(events(reports)).toEqual(expect.arrayContaining(['checking', 'available', 'downloaded']));
    expect(reports.find((r) => r.event === 'available')).toMatchObject({ version: '1.3.0', releaseNotes: '<p>Faster sync</p>' });
    expect(sha512(pc.installedFile)).not.toBe(release.sha512);
    pc.app.userQuits();
    expect(sha512(pc.installedFile)).toBe(release.sha512);
    expect(readFileSync(pc.installLog, 'utf8')).toContain('installed 1.3.0');
    // The blockmaps are real: the update came differentially, in ranges (less than the whole file).
    const installerRequests = feed.log.filter((r) => r.path.endsWith('1.3.0.AppImage'));
    expect(installerRequests.some((r) => r.range !== null)).toBe(true);
  });

  it('beta: reads beta-linux.yml, not latest-linux.yml', async () => {
    await publishRelease(feedDir, '1.3.0', { padding });
    const beta = await publishRelease(feedDir, '1.4.0-beta.1', { channel: 'beta', padding });
    const pc = await computer('1.2.0');
    const reports = await pc.run({ channel: 'beta' });
    expect(reports.find((r) => r.event === 'available')).toMatchObject({ version: '1.4.0-beta.1' });
    expect(feed.log.some((r) => r.path === '/beta-linux.yml')).toBe(true);
    expect(feed.log.some((r) => r.path === '/latest-linux.yml')).toBe(false);
    pc.app.userQuits();
    expect(sha512(pc.installedFile)).toBe(beta.sha512);
  });
});

describe('staged rollout per device', () => {
  it('a device inside the percentage takes the version; one outside does not, and is told why', async () => {
    await publishRelease(feedDir, '1.3.0', { padding });
    const ids = Array.from({ length: 100 }, (_, i) => `device-${i}`);
    const inside = ids.find((id) => rolloutBucket(id, '1.3.0') < 20)!;
    const outside = ids.find((id) => rolloutBucket(id, '1.3.0') >= 20)!;
    const yes = await computer('1.2.0', { deviceId: inside });
    expect(
      events(await yes.run({ offer: { policy: { pinnedVersion: null, minimumVersion: null, rolloutPercent: 20 } } })),
    ).toContain('downloaded');
    const no = await computer('1.2.0', { deviceId: outside });
    const reports = await no.run({ offer: { policy: { pinnedVersion: null, minimumVersion: null, rolloutPercent: 20 } } });
    expect(last(reports)).toMatchObject({ event: 'not-yet', version: '1.3.0' });
    expect(events(reports)).not.toContain('downloaded');
    // The feed's own stagingPercentage narrows it with the same device bucket.
    await publishRelease(feedDir, '1.3.0', { padding, stagingPercentage: 0 });
    const again = await computer('1.2.0', { deviceId: inside });
    expect(last(await again.run({}))).toMatchObject({ event: 'not-yet' });
  });
});

describe('pins and minimum version', () => {
  it('a pinned version is never upgraded past', async () => {
    await publishRelease(feedDir, '1.4.0', { padding });
    const pc = await computer('1.3.0');
    const reports = await pc.run({ offer: { policy: { pinnedVersion: '1.3.0', minimumVersion: null, rolloutPercent: 100 } } });
    expect(last(reports)).toMatchObject({ event: 'not-available' });
    expect(events(reports)).not.toContain('downloaded');
  });

  it('a pin older than this version is installed (downgrade allowed only for it)', async () => {
    const pinned = await publishRelease(feedDir, '1.2.0', { padding });
    const pc = await computer('1.3.0');
    const reports = await pc.run({
      allowDowngrade: true,
      offer: { policy: { pinnedVersion: '1.2.0', minimumVersion: null, rolloutPercent: 100 } },
    });
    expect(events(reports)).toContain('downloaded');
    pc.app.userQuits();
    expect(sha512(pc.installedFile)).toBe(pinned.sha512);
  });

  it('below the minimum version the update downloads even outside the rollout', async () => {
    await publishRelease(feedDir, '1.3.0', { padding });
    const outside = Array.from({ length: 100 }, (_, i) => `d-${i}`).find((id) => rolloutBucket(id, '1.3.0') >= 1)!;
    const pc = await computer('1.2.0', { deviceId: outside });
    const reports = await pc.run({ offer: { policy: { pinnedVersion: null, minimumVersion: '1.3.0', rolloutPercent: 0 } } });
    expect(events(reports)).toContain('downloaded');
  });
});

describe('install modes and deferral', () => {
  it('deferred (autoInstallOnAppQuit off): nothing installs at quit; once the deferral ends it installs at the next quit', async () => {
    const release = await publishRelease(feedDir, '1.3.0', { padding });
    const pc = await computer('1.2.0');
    const before = sha512(pc.installedFile);
    await pc.run({ autoInstallOnAppQuit: false });
    pc.app.userQuits();
    expect(sha512(pc.installedFile)).toBe(before);
    // The deadline passed: the core's plan turns install-on-quit back on.
    await pc.run({ autoInstallOnAppQuit: true });
    pc.app.userQuits();
    expect(sha512(pc.installedFile)).toBe(release.sha512);
  });

  it('manual: nothing downloads until asked; install now installs', async () => {
    const release = await publishRelease(feedDir, '1.3.0', { padding });
    const pc = await computer('1.2.0');
    const reports = await pc.run({ autoDownload: false, autoInstallOnAppQuit: false });
    expect(last(reports)).toMatchObject({ event: 'available', version: '1.3.0' });
    expect(feed.log.some((r) => r.path.endsWith('.AppImage'))).toBe(false);
    await pc.send('download');
    expect(last(pc.reports)).toMatchObject({ event: 'downloaded' });
    await pc.send('install');
    expect(sha512(pc.installedFile)).toBe(release.sha512);
    await new Promise((resolve) => setImmediate(resolve));
    expect(pc.app.quits).toBe(1);
  });
});

describe('security refusals: nothing installed, the reason in words', () => {
  it('a wrong sha512', async () => {
    await publishRelease(feedDir, '1.3.0', { padding, sha512: createHash('sha512').update('something else').digest('base64') });
    const pc = await computer('1.2.0');
    const before = sha512(pc.installedFile);
    const reports = await pc.run({});
    expect(last(reports)).toMatchObject({ event: 'error' });
    expect((last(reports) as { message: string }).message).toMatch(/does not match the checksum \(sha512\)/);
    pc.app.userQuits();
    expect(sha512(pc.installedFile)).toBe(before);
  });

  it('a wrong size', async () => {
    const real = await publishRelease(feedDir, '1.3.0', { padding });
    await publishRelease(feedDir, '1.3.0', { padding, size: real.size + 1 });
    const pc = await computer('1.2.0');
    const before = sha512(pc.installedFile);
    const reports = await pc.run({ offer: {} });
    const refusal = reports.find((r) => r.event === 'refused');
    expect(refusal).toMatchObject({ reason: expect.stringMatching(/the feed says/) });
    expect(events(reports)).not.toContain('downloaded');
    pc.app.userQuits();
    await pc.send('install');
    expect(sha512(pc.installedFile)).toBe(before);
  });

  it('an http feed outside test mode, and an http installer URL inside an allowed feed', async () => {
    await publishRelease(feedDir, '1.3.0', { padding });
    const strict = await computer('1.2.0', { allowLoopbackHttp: false });
    const reports = await strict.run({});
    expect(reports).toEqual([{ event: 'refused', version: null, reason: expect.stringMatching(/not HTTPS/) }]);
    expect(feed.log).toHaveLength(0);
    await publishRelease(feedDir, '1.3.0', { padding, fileUrl: 'http://updates.example.com/ComplyFlow-1.3.0.AppImage' });
    const pc = await computer('1.2.0');
    expect(last(await pc.run({}))).toMatchObject({
      event: 'refused',
      reason: expect.stringMatching(/installer on the update feed .* not HTTPS/),
    });
  });

  it('a downgrade without a pin', async () => {
    await publishRelease(feedDir, '1.1.0', { padding });
    const pc = await computer('1.2.0');
    const before = sha512(pc.installedFile);
    const reports = await pc.run({ allowDowngrade: false });
    expect(last(reports)).toMatchObject({
      event: 'refused',
      reason: expect.stringMatching(/never goes back to an older version/),
    });
    pc.app.userQuits();
    expect(sha512(pc.installedFile)).toBe(before);
  });

  it('a latest-linux.yml that is not YAML', async () => {
    await publishRelease(feedDir, '1.3.0', { padding });
    writeFileSync(path.join(feedDir, 'latest-linux.yml'), 'version: [1.3.0\nfiles: {{{: :\n');
    const pc = await computer('1.2.0');
    const reports = await pc.run({});
    expect(last(reports)).toMatchObject({ event: 'error', message: expect.stringMatching(/not valid YAML/) });
  });
});
