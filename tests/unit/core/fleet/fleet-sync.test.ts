/**
 * The fleet step of a sync round against a real replica, with the server's answers scripted: a
 * policy the app cannot read (a lying server) is refused and the kept one stays; a server
 * without the fleet RPCs never stops sync; only "cannot reach the server" goes up; the report is
 * sent again only when something in it changed, or after a while, and again after a failure.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../../src-main/core/db/database';
import { REPORT_EVERY_MS } from '../../../../src-main/core/fleet/device-report';
import { fleetSync } from '../../../../src-main/core/fleet/fleet-sync';
import { readOrgUpdatePolicy } from '../../../../src-main/core/fleet/org-update-policy';
import { AppError, ErrorCode } from '../../../../src-shared/errors';
import { tempDir } from '../../../support/temp-dir';

let dir: ReturnType<typeof tempDir>;
let db: Db;
const ORG = '5b0f6a0e-8d0e-4a51-9a57-0d5c3c3c0a11';
const DEVICE = '6c1f7b1f-9e1f-4b62-8b68-1e6d4d4d1b22';

beforeEach(() => {
  dir = tempDir();
  db = openDatabase(`${dir.path}/replica.sqlite`);
});
afterEach(() => {
  db.close();
  dir.remove();
});

const serverPolicy = {
  org_id: ORG,
  channel: 'beta',
  minimum_version: '1.2.0',
  pinned_version: null,
  rollout_percent: 10,
  defer_days: 3,
  install_mode: 'manual',
  updated_at: '2026-12-01T10:00:00+00:00',
  updated_by: 'a1a1a1a1-0000-4000-8000-000000000000',
  updated_by_name: 'Adam Admin',
};

function setup(answers: Record<string, (args: Record<string, unknown>) => unknown>) {
  const calls: { name: string; args: Record<string, unknown> }[] = [];
  const events: unknown[] = [];
  const errors: string[] = [];
  let now = 1_000_000;
  const fleet = fleetSync(
    {
      db,
      orgId: ORG,
      appVersion: '1.4.0',
      dataDir: dir.path,
      emit: (name, payload) => events.push({ name, payload }),
      log: { error: (message: string) => errors.push(message) } as never,
    },
    async (name, args) => {
      calls.push({ name, args });
      const answer = answers[name];
      if (!answer) throw new AppError(ErrorCode.BadServerAnswer, `no ${name}`);
      return answer(args);
    },
    { os: () => 'TestOS 1.0 (x64)', nowMs: () => now },
  );
  return { fleet, calls, events, errors, advance: (ms: number) => (now += ms) };
}

describe('fleetSync', () => {
  it('keeps the policy, announces it once, and reports the device with the org channel', async () => {
    const { fleet, calls, events } = setup({ org_update_policy: () => serverPolicy, report_device: () => ({}) });
    await fleet.atRound(DEVICE);
    await fleet.atRound(DEVICE);
    expect(readOrgUpdatePolicy(db)).toMatchObject({ channel: 'beta', minimumVersion: '1.2.0', updatedBy: 'Adam Admin' });
    expect(events).toHaveLength(1);
    const reports = calls.filter((c) => c.name === 'report_device');
    expect(reports).toHaveLength(1); // nothing changed: not sent again
    expect(reports[0]!.args).toEqual({
      p_device_id: DEVICE,
      p_os: 'TestOS 1.0 (x64)',
      p_app_version: '1.4.0',
      p_channel: 'beta',
      p_last_sync_at: null,
      p_changes_waiting: 0,
    });
  });

  it('reports again after a while, and after a failed report', async () => {
    let fail = true;
    const { fleet, calls, advance } = setup({
      org_update_policy: () => null,
      report_device: () => {
        if (fail) throw new AppError(ErrorCode.BadServerAnswer, 'nope');
        return {};
      },
    });
    await fleet.atRound(DEVICE);
    fail = false;
    await fleet.atRound(DEVICE);
    await fleet.atRound(DEVICE);
    expect(calls.filter((c) => c.name === 'report_device')).toHaveLength(2);
    advance(REPORT_EVERY_MS);
    await fleet.atRound(DEVICE);
    expect(calls.filter((c) => c.name === 'report_device')).toHaveLength(3);
  });

  it('refuses a policy it cannot read and keeps the last one; a server without the RPCs never stops sync', async () => {
    const good = setup({ org_update_policy: () => serverPolicy, report_device: () => ({}) });
    await good.fleet.atRound(DEVICE);
    const lying = setup({ org_update_policy: () => ({ ...serverPolicy, minimum_version: '1.2; drop' }) });
    await expect(lying.fleet.atRound(DEVICE)).resolves.toBeUndefined();
    expect(readOrgUpdatePolicy(db)?.minimumVersion).toBe('1.2.0');
    expect(lying.errors).toEqual(['fleet: reading the update policy failed', 'fleet: reporting this device failed']);
    expect(lying.events).toEqual([]);
  });

  it('lets "the server cannot be reached" go up, so the round is offline', async () => {
    const { fleet } = setup({
      org_update_policy: () => {
        throw new AppError(ErrorCode.Offline, 'Cannot reach the server.');
      },
    });
    await expect(fleet.atRound(DEVICE)).rejects.toMatchObject({ code: ErrorCode.Offline });
  });

  it('reports a development build’s version as unknown', async () => {
    const calls: Record<string, unknown>[] = [];
    const fleet = fleetSync(
      { db, orgId: ORG, appVersion: 'dev', dataDir: dir.path, emit: () => undefined, log: { error: () => undefined } as never },
      async (name, args) => {
        if (name === 'report_device') calls.push(args);
        return null;
      },
      { os: () => 'x' },
    );
    await fleet.atRound(DEVICE);
    expect(calls[0]).toMatchObject({ p_app_version: null, p_channel: 'latest' });
  });
});
