// The core's FunctionCaller against the real stack: an organization workspace's deps.functions
// signs with the device registered on the first sync, session-info answers that device, and a
// revoked device is told at its next request, sync pauses, and the local work stays.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError, ErrorCode } from '../../../src-shared/errors';
import { LOCAL_ORG_ID } from '../../../src-shared/domain/common';
import { seedOrg, type SeededOrg } from '../../support/seed';
import { startStack, type Stack } from '../../support/stack';
import { closeDevice, ok, replicaRows, settled, signedInDevice, syncStatus, type Device } from '../sync/harness';
import { sessionOf } from './signed-client';
import { startCore, tempDataDir } from '../auth/harness';

let stack: Stack;
let org: SeededOrg;
let device: Device | undefined;

beforeAll(async () => {
  stack = await startStack({ functions: true });
  org = await seedOrg(stack, 'Acme');
}, 120_000);

afterAll(async () => {
  await closeDevice(device);
  await stack?.stop();
});

describe('deps.functions in an organization workspace', () => {
  it('is absent in the local workspace', async () => {
    const core = await startCore(stack, tempDataDir());
    try {
      expect(core.deps.orgId).toBe(LOCAL_ORG_ID);
      expect(core.deps.functions).toBeUndefined();
    } finally {
      core.close();
    }
  });

  it('signs with this computer’s device; a revoked device is told, pauses sync and keeps its work', async () => {
    device = await signedInDevice(stack, org.users.compliance_officer, { core: { appVersion: '2.0.0-test' } });
    expect(device.core.deps.orgId).toBe(org.id);
    await settled(device, 'the first sync');
    const deviceId = replicaRows(device.dataDir, org.id, 'SELECT device_id FROM sync_state')[0]!.device_id;

    const answer = await device.core.deps.functions!.call({ name: 'session-info', method: 'GET', query: { from: 'core' } });
    expect(answer.status).toBe(200);
    expect(await answer.json()).toMatchObject({ user_id: org.users.compliance_officer.id, device_id: deviceId, org_id: org.id });
    const seen = await stack.admin.query('select app_version, last_seen_at from public.devices where id = $1', [deviceId]);
    expect(seen.rows[0]).toMatchObject({ app_version: '2.0.0-test', last_seen_at: expect.any(Date) });
    const registered = await stack.admin.query('select count(*)::int as n from public.devices where user_id = $1', [
      org.users.compliance_officer.id,
    ]);
    expect(registered.rows[0].n).toBe(1);

    await ok(device.core, 'policies', 'create', { title: 'Written before the laptop was lost' });
    const { client: admin } = await sessionOf(stack, org.users.admin);
    expect((await admin.rpc('revoke_device', { p_device_id: deviceId })).error).toBeNull();

    let refused: unknown;
    try {
      await device.core.deps.functions!.call({ name: 'session-info' });
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).code).toBe(ErrorCode.Forbidden);
    expect((refused as AppError).message).toMatch(/revoked/);
    const status = await syncStatus(device);
    expect(status).toMatchObject({ state: 'paused', pausedReason: 'device_revoked' });
    expect(status.message).toMatch(/revoked .*your work here is kept/);
    const policies = await ok<{ items: { title: string }[] }>(device.core, 'policies', 'list', {});
    expect(policies.items.map((p) => p.title)).toContain('Written before the laptop was lost');
  }, 60_000);
});
