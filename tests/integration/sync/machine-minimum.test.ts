/**
 * A minimum version set by IT in this computer's policy file pauses sync on the device itself,
 * with no server involved (the organization's minimum is the server's to enforce): the status
 * bar says which version is required, local work goes on and waits, nothing reaches the server.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { seedOrg, type SeededOrg } from '../../support/seed';
import { startStack, type Stack } from '../../support/stack';
import { tempDir } from '../../support/temp-dir';
import { closeDevice, ok, signedInDevice, syncStatus, until, type Device } from './harness';

let stack: Stack;
let org: SeededOrg;
let device: Device;
const folder = tempDir('complyflow-machine-policy-');

beforeAll(async () => {
  stack = await startStack();
  org = await seedOrg(stack, 'Managed Laptops Co');
  const policyFile = path.join(folder.path, 'policy.json');
  writeFileSync(policyFile, JSON.stringify({ updates: { minimumVersion: '2.0.0' } }));
  device = await signedInDevice(stack, org.users.compliance_officer, {
    core: { appVersion: '1.9.3', env: { COMPLYFLOW_POLICY_FILE: policyFile } },
  });
}, 120_000);

afterAll(async () => {
  await closeDevice(device);
  await stack?.stop();
  folder.remove();
});

it('pauses sync below the machine policy’s minimum version, keeps local work, sends nothing', async () => {
  const paused = await until(
    () => syncStatus(device),
    (s) => s.state === 'paused',
    'sync to pause below the machine minimum',
  );
  expect(paused.pausedReason).toBe('update_required');
  expect(paused.message).toContain('requires ComplyFlow 2.0.0 or newer; this is 1.9.3');
  // The banner names the versions too (SyncStatus.requiredVersion), as for the organization's minimum.
  expect(paused.requiredVersion).toEqual({ minimum: '2.0.0', current: '1.9.3' });

  await ok(device.core, 'policies', 'create', { title: 'Written on a managed laptop' });
  await ok(device.core, 'sync', 'retryNow');
  const after = await syncStatus(device);
  expect(after.state).toBe('paused');
  expect(after.pending).toBeGreaterThan(0);
  const onServer = await stack.admin.query(`select 1 from policies where title = 'Written on a managed laptop'`);
  expect(onServer.rowCount).toBe(0);
});
