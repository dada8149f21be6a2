/**
 * The core's updates service and main's driver joined as in the app (commands and reports over
 * what is the parent port there), with the real AppImageUpdater and a loopback feed: an
 * organization's policy, read as the replica keeps it, decides what this computer installs, and
 * what happened reaches the status Settings → Updates shows.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { UpdateStatus } from '../../../src-shared/api/updates';
import { createUpdatesService, type OrgUpdatePolicyValues } from '../../../src-main/core/updates';
import { updateSettingsStore } from '../../../src-main/core/updates/update-settings';
import type { UpdaterReport } from '../../../src-main/core/updates/updater-protocol';
import { startFeedServer, type FeedServer } from '../../support/update-feed/feed-server';
import { publishRelease, writeInstaller } from '../../support/update-feed/releases';
import { makeHarness } from '../../support/update-feed/updater-harness';
import { tempDir } from '../../support/temp-dir';

let dir: ReturnType<typeof tempDir>;
let feed: FeedServer;
let feedDir: string;
const padding = randomBytes(64 * 1024);
const sha512 = (file: string) => createHash('sha512').update(readFileSync(file)).digest('base64');

beforeEach(async () => {
  dir = tempDir('complyflow-core-updater-');
  feedDir = path.join(dir.path, 'feed');
  mkdirSync(feedDir);
  feed = await startFeedServer(feedDir);
});
afterEach(async () => {
  await feed.close();
  dir.remove();
  delete process.env.APPIMAGE;
});

const policy = (over: Partial<OrgUpdatePolicyValues>): OrgUpdatePolicyValues => ({
  channel: null,
  minimumVersion: null,
  pinnedVersion: null,
  rolloutPercent: null,
  deferDays: null,
  installMode: null,
  ...over,
});

async function desktop(version: string, org: OrgUpdatePolicyValues) {
  const root = path.join(dir.path, 'pc');
  mkdirSync(path.join(root, 'installed'), { recursive: true });
  const old = await writeInstaller(path.join(root, 'installed'), version, padding);
  const statuses: UpdateStatus[] = [];
  let deliver: (report: UpdaterReport) => void = () => undefined;
  const pc = makeHarness(root, {
    version,
    feedUrl: feed.url,
    onReport: (r) => deliver(r),
  });
  writeFileSync(pc.installedFile, readFileSync(old.file), { mode: 0o755 });
  const updates = createUpdatesService({
    appVersion: version,
    settings: updateSettingsStore(path.join(root, 'user-data')),
    machine: null,
    machineProblem: null,
    readOrg: () => org,
    shell: { send: (command) => void pc.driver.handle(command) },
    emit: (status) => statuses.push(status),
    firstCheckMs: 3_600_000,
    checkEveryMs: 0,
  });
  deliver = (report) => updates.onReport(report);
  const until = async (phase: UpdateStatus['phase']) => {
    for (let i = 0; i < 200 && updates.status().phase !== phase; i++) await new Promise((resolve) => setTimeout(resolve, 25));
    return updates.status();
  };
  return { pc, updates, statuses, until };
}

it('an organization pin older than this version: the core allows that downgrade alone, and it installs at quit', async () => {
  const pinned = await publishRelease(feedDir, '1.2.0', { padding });
  const { pc, updates, until } = await desktop('1.3.0', policy({ pinnedVersion: '1.2.0' }));
  updates.check();
  const status = await until('downloaded');
  expect(status).toMatchObject({ phase: 'downloaded', offeredVersion: '1.2.0', installWhen: 'on-quit' });
  pc.app.userQuits();
  expect(sha512(pc.installedFile)).toBe(pinned.sha512);
});

it('no pin: an older version on the feed is refused, and the words reach the status', async () => {
  await publishRelease(feedDir, '1.2.0', { padding });
  const { pc, updates, until } = await desktop('1.3.0', policy({}));
  const before = sha512(pc.installedFile);
  updates.check();
  const status = await until('refused');
  expect(status.message).toMatch(/never goes back to an older version unless your organization pins it/);
  pc.app.userQuits();
  expect(sha512(pc.installedFile)).toBe(before);
});

it('manual install mode from the organization: available, downloaded on request, installed on Install now', async () => {
  const release = await publishRelease(feedDir, '1.4.0', { padding, releaseNotes: '<ul><li>Fleet view</li></ul>' });
  const { pc, updates, until } = await desktop('1.3.0', policy({ installMode: 'manual' }));
  updates.check();
  const available = await until('available');
  expect(available).toMatchObject({ offeredVersion: '1.4.0', releaseNotes: '• Fleet view', installWhen: 'manual' });
  updates.download();
  await until('downloaded');
  updates.installNow();
  for (let i = 0; i < 100 && sha512(pc.installedFile) !== release.sha512; i++)
    await new Promise((resolve) => setTimeout(resolve, 25));
  expect(sha512(pc.installedFile)).toBe(release.sha512);
});
