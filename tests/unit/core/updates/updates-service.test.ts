import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { UpdateStatus } from '../../../../src-shared/api/updates';
import { createUpdatesService } from '../../../../src-main/core/updates';
import type { OrgUpdatePolicyValues } from '../../../../src-main/core/updates';
import { updateSettingsStore } from '../../../../src-main/core/updates/update-settings';
import type { UpdaterCommand } from '../../../../src-main/core/updates/updater-protocol';
import { tempDir } from '../../../support/temp-dir';

let dir: ReturnType<typeof tempDir>;
beforeEach(() => (dir = tempDir('complyflow-updates-')));
afterEach(() => dir.remove());

function service(options: { org?: OrgUpdatePolicyValues | null; desktop?: boolean; now?: () => Date; version?: string } = {}) {
  const sent: UpdaterCommand[] = [];
  const emitted: UpdateStatus[] = [];
  const updates = createUpdatesService({
    appVersion: options.version ?? '1.2.0',
    settings: updateSettingsStore(dir.path),
    machine: null,
    machineProblem: null,
    readOrg: () => options.org ?? null,
    shell: options.desktop === false ? null : { send: (command) => sent.push(command) },
    emit: (status) => emitted.push(status),
    now: options.now,
    checkEveryMs: 0,
    firstCheckMs: 3_600_000,
  });
  return { updates, sent, emitted };
}

const org = (over: Partial<OrgUpdatePolicyValues>): OrgUpdatePolicyValues => ({
  channel: null,
  minimumVersion: null,
  pinnedVersion: null,
  rolloutPercent: null,
  deferDays: null,
  installMode: null,
  ...over,
});

describe('updates service', () => {
  it('sends main a plan from the resolved policy: channel, downgrade only to a pin, install mode', () => {
    const { updates, sent } = service({ org: org({ channel: 'beta', pinnedVersion: '1.1.0', installMode: 'manual' }) });
    updates.check();
    const configure = sent.find((c) => c.command === 'configure');
    expect(configure).toMatchObject({
      plan: {
        channel: 'beta',
        allowDowngrade: true,
        autoDownload: false,
        autoInstallOnAppQuit: false,
        offer: { policy: { pinnedVersion: '1.1.0' } },
      },
    });
    expect(sent.at(-1)).toMatchObject({ command: 'check' });
  });

  it('below the organization’s minimum: must update, and deferral is refused', () => {
    const { updates } = service({ org: org({ minimumVersion: '1.3.0' }) });
    expect(updates.status()).toMatchObject({
      mustUpdate: true,
      mustUpdateMessage: expect.stringMatching(/requires ComplyFlow 1.3.0 or newer/),
    });
    updates.onReport({ event: 'available', version: '1.3.0', releaseNotes: '<b>New</b>', releaseDate: null });
    expect(updates.status().releaseNotes).toBe('New');
    expect(() => updates.defer()).toThrow(/cannot be deferred: your organization requires a newer version/);
  });

  it('defers within the policy’s days, then installs at the next quit', () => {
    let now = new Date('2026-12-01T09:00:00.000Z');
    const { updates, sent } = service({ org: org({ deferDays: 2 }), now: () => now });
    updates.onReport({ event: 'available', version: '1.3.0', releaseNotes: null, releaseDate: null });
    expect(updates.status().deferral).toMatchObject({ daysLeft: 2, canDefer: true, deferred: false });
    const deferred = updates.defer();
    expect(deferred).toMatchObject({ installWhen: 'deferred', deferral: { deferred: true } });
    expect(sent.filter((c) => c.command === 'configure').at(-1)).toMatchObject({ plan: { autoInstallOnAppQuit: false } });
    now = new Date('2026-12-03T09:00:01.000Z');
    updates.policyChanged();
    expect(updates.status()).toMatchObject({ installWhen: 'on-quit', deferral: { daysLeft: 0, canDefer: false } });
    expect(sent.filter((c) => c.command === 'configure').at(-1)).toMatchObject({ plan: { autoInstallOnAppQuit: true } });
    expect(() => updates.defer()).toThrow(/cannot be deferred any longer: your organization allows 2 days/);
  });

  it('on-next-launch: downloaded in one run, installed when the next run finds it again', () => {
    const first = service({ org: org({ installMode: 'on-next-launch' }) });
    first.updates.onReport({ event: 'downloaded', version: '1.3.0' });
    expect(first.sent.some((c) => c.command === 'install')).toBe(false);
    expect(first.updates.status().message).toMatch(/installs when the app next starts/);
    const next = service({ org: org({ installMode: 'on-next-launch' }) });
    next.updates.onReport({ event: 'downloaded', version: '1.3.0' });
    expect(next.sent.some((c) => c.command === 'install')).toBe(true);
  });

  it('refuses a user choice for a key the organization locks, in words, and keeps an unlocked one', () => {
    const { updates } = service({ org: org({ channel: 'latest' }) });
    expect(() => updates.setPreferences({ channel: 'beta' })).toThrow(/managed by your organization/);
    expect(updates.setPreferences({ installMode: 'manual' }).installWhen).toBe('manual');
    expect(
      service({ org: null })
        .updates.status()
        .policy.find((e) => e.key === 'installMode'),
    ).toMatchObject({ value: 'manual', source: 'user' });
  });

  it('in the browser host answers the policy but refuses to check or install', () => {
    const { updates } = service({ desktop: false, org: org({ channel: 'beta' }) });
    expect(updates.status()).toMatchObject({ host: 'browser', phase: 'unsupported', channel: 'beta' });
    expect(() => updates.check()).toThrow(/handled by the ComplyFlow desktop app/);
    expect(() => updates.installNow()).toThrow(/handled by the ComplyFlow desktop app/);
  });

  it('a refusal from main reaches the status in words', () => {
    const { updates, emitted } = service();
    updates.onReport({ event: 'refused', version: '1.1.0', reason: 'The feed offers 1.1.0, older than this version (1.2.0).' });
    expect(emitted.at(-1)).toMatchObject({
      phase: 'refused',
      message: 'The feed offers 1.1.0, older than this version (1.2.0).',
    });
  });
});
