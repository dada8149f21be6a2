/**
 * Fleet through real cores on the local stack (issue 11): an admin saves the org's update
 * policy in the app; another member's device receives it at its next sync (fleet.policyChanged),
 * keeps it offline and across a restart; each device reports itself at sync and the admin's
 * fleet view shows it (not a viewer's); the CSV export escapes formula cells; revoking from the
 * fleet view stops that device's sync; a device below the org's minimum version is paused with
 * update_required while local work goes on, and syncs again once the minimum allows it.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FleetList } from '../../../src-shared/domain/fleet';
import type { OrgUpdatePolicy } from '../../../src-shared/domain/update-policy';
import { seedOrg, type SeededOrg } from '../../support/seed';
import { startStack, type Stack } from '../../support/stack';
import { call, closeDevice, ok, replicaRows, restart, settled, signedInDevice, syncStatus, until, type Device } from './harness';

let stack: Stack;
let org: SeededOrg;
let admin: Device;
let member: Device;

beforeAll(async () => {
  stack = await startStack();
  org = await seedOrg(stack, 'Fleet Co');
  admin = await signedInDevice(stack, org.users.admin, { core: { appVersion: '1.6.0' } });
  member = await signedInDevice(stack, org.users.compliance_officer, { core: { appVersion: '1.4.2' } });
  await settled(admin, 'the admin device to sync');
  await settled(member, 'the member device to sync');
});

afterAll(async () => {
  await closeDevice(admin);
  await closeDevice(member);
  await stack?.stop();
});

const policyInput = {
  channel: 'beta',
  minimumVersion: '',
  pinnedVersion: '',
  rolloutPercent: 20,
  deferDays: 3,
  installMode: 'on-next-launch',
} as const;

it('an admin saves the policy; a member device receives it at sync, announced once, and keeps it offline and across a restart', async () => {
  const events: unknown[] = [];
  member.core.onEvent((name, payload) => {
    if (name === 'fleet.policyChanged') events.push(payload);
  });
  const saved = await ok<OrgUpdatePolicy>(admin.core, 'fleet', 'setPolicy', policyInput);
  expect(saved).toMatchObject({
    channel: 'beta',
    minimumVersion: null,
    rolloutPercent: 20,
    updatedBy: org.users.admin.displayName,
  });

  await settled(member, 'the member to sync after the save');
  await until(
    async () => events.length,
    (n) => n >= 1,
    'fleet.policyChanged on the member device',
  );
  expect(events).toEqual([{ policy: saved }]);
  await settled(member, 'another round');
  expect(events).toHaveLength(1); // the same policy again is no change

  await member.link.down();
  const offline = await ok<{ policy: OrgUpdatePolicy | null; fresh: boolean; message: string | null }>(
    member.core,
    'fleet',
    'policy',
  );
  expect(offline).toMatchObject({ policy: saved, fresh: false, message: expect.stringContaining('kept from the last sync') });
  // Kept on disk in the replica, so the policy applies after a restart before any sync.
  member.core.close();
  const kept = replicaRows(member.dataDir, org.id, `SELECT value FROM settings WHERE key = 'fleet.org_update_policy'`);
  expect(JSON.parse(kept[0]!.value as string)).toMatchObject({ policy: saved });
  await member.link.up();
  member = await restart(stack, member, { appVersion: '1.4.2' });
});

it('a viewer cannot set the policy or see the fleet; bad values are refused in words and change nothing', async () => {
  const viewer = await signedInDevice(stack, org.users.viewer, { core: { appVersion: '1.6.0' } });
  try {
    const set = await call(viewer.core, 'fleet', 'setPolicy', policyInput);
    expect(set).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await call(viewer.core, 'fleet', 'devices', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect((await ok<{ policy: OrgUpdatePolicy | null }>(viewer.core, 'fleet', 'policy')).policy).toMatchObject({
      channel: 'beta',
    });
  } finally {
    await closeDevice(viewer);
  }
  for (const [input, words] of [
    [{ ...policyInput, minimumVersion: 'v2' }, /must be a version like 1\.4\.0/],
    [{ ...policyInput, rolloutPercent: 150 }, /between 0 and 100 percent/],
    [
      { ...policyInput, minimumVersion: '2.0.0', pinnedVersion: '1.9.0' },
      /pinned version 1\.9\.0 is below the minimum version 2\.0\.0/,
    ],
    [{ ...policyInput, installMode: 'whenever' }, /on-quit, on-next-launch or manual/],
  ] as const) {
    const answer = await call(admin.core, 'fleet', 'setPolicy', input);
    expect(answer.ok, JSON.stringify(input)).toBe(false);
    expect(JSON.stringify(answer)).toMatch(words);
  }
  expect((await ok<{ policy: OrgUpdatePolicy }>(admin.core, 'fleet', 'policy')).policy).toMatchObject({ rolloutPercent: 20 });
});

it('devices report at sync; the fleet view shows them with OS, version, channel and changes waiting, and exports escaped CSV', async () => {
  // A device name that would run as a formula in a spreadsheet.
  await stack.admin.query(`update devices set name = '=HYPERLINK("http://evil.example")' where user_id = $1`, [
    org.users.compliance_officer.id,
  ]);
  await settled(member, 'the member to report');
  const fleet = await until(
    () => ok<FleetList>(admin.core, 'fleet', 'devices'),
    (f) => f.devices.some((d) => d.userId === org.users.compliance_officer.id && d.appVersion === '1.4.2'),
    'the member device in the fleet view',
  );
  const row = fleet.devices.find((d) => d.userId === org.users.compliance_officer.id)!;
  expect(row).toMatchObject({
    userName: org.users.compliance_officer.displayName,
    appVersion: '1.4.2',
    channel: 'beta',
    changesWaiting: 0,
    revokedAt: null,
    thisComputer: false,
    os: expect.stringMatching(/\(.+\)$/),
    lastSyncAt: expect.any(String),
  });
  expect(fleet.devices.find((d) => d.userId === org.users.admin.id)).toMatchObject({ thisComputer: true, appVersion: '1.6.0' });

  const csv = await ok<{ fileName: string; mimeType: string; contentBase64: string }>(admin.core, 'fleet', 'exportCsv', {
    filter: { text: 'hyperlink' },
  });
  expect(csv).toMatchObject({ fileName: expect.stringMatching(/^fleet-\d{4}-\d{2}-\d{2}\.csv$/), mimeType: 'text/csv' });
  const lines = Buffer.from(csv.contentBase64, 'base64').toString('utf8').trimEnd().split('\r\n');
  expect(lines[0]).toBe('user,device,os,app_version,channel,last_sync,last_seen,changes_waiting,revoked,device_id');
  expect(lines).toHaveLength(2); // the filter applies to the export
  expect(lines[1]).toContain(`"'=HYPERLINK(""http://evil.example"")"`);
});

it('below the org minimum version a device pauses with update_required and keeps working; it syncs again once allowed', async () => {
  await ok(admin.core, 'fleet', 'setPolicy', { ...policyInput, minimumVersion: '1.5.0' });
  const paused = await until(
    async () => {
      await ok(member.core, 'sync', 'retryNow');
      return syncStatus(member);
    },
    (s) => s.state === 'paused',
    'the member device to pause',
  );
  expect(paused.pausedReason).toBe('update_required');
  // The words name the org's minimum and this version (from the server's answer), as the machine minimum's do.
  expect(paused.message).toContain('requires ComplyFlow 1.5.0 or newer; this is 1.4.2');
  expect(paused.requiredVersion).toEqual({ minimum: '1.5.0', current: '1.4.2' });
  // Local work goes on and waits.
  await ok(member.core, 'policies', 'create', { title: 'Written while too old' });
  expect((await syncStatus(member)).pending).toBeGreaterThan(0);
  // The admin's device (1.6.0) still syncs.
  await settled(admin, 'the admin device at 1.6.0 to sync');

  await ok(admin.core, 'fleet', 'setPolicy', { ...policyInput, minimumVersion: '1.4.2' });
  member = await restart(stack, member, { appVersion: '1.4.2' });
  await settled(member, 'the member at the minimum to sync again');
  const titles = await stack.admin.query(`select 1 from policies where title = 'Written while too old' and org_id = $1`, [
    org.id,
  ]);
  expect(titles.rowCount).toBe(1);
});

it('revoking from the fleet view stops that device’s sync', async () => {
  const fleet = await ok<FleetList>(admin.core, 'fleet', 'devices');
  const target = fleet.devices.find((d) => d.userId === org.users.compliance_officer.id && d.revokedAt === null)!;
  const revoked = await ok<{ revokedAt: string; thisComputer: boolean }>(admin.core, 'fleet', 'revoke', { deviceId: target.id });
  expect(revoked.thisComputer).toBe(false);
  const status = await until(
    async () => {
      await ok(member.core, 'sync', 'retryNow');
      return syncStatus(member);
    },
    (s) => s.state === 'paused',
    'the revoked device to pause',
  );
  expect(status.pausedReason).toBe('device_revoked');
  const after = await ok<FleetList>(admin.core, 'fleet', 'devices');
  expect(Date.parse(after.devices.find((d) => d.id === target.id)!.revokedAt!)).toBe(Date.parse(revoked.revokedAt));
});
