// Settings → Devices through a real core against the stack: a member lists and revokes their own
// computers, an admin every member's; a member cannot revoke another's; revoking this computer
// pauses its sync at once and keeps its work. Bad input changes nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedOrg, type SeededOrg } from '../../support/seed';
import { startStack, type Stack } from '../../support/stack';
import { call, closeDevice, ok, settled, signedInDevice, syncStatus, type Device } from '../sync/harness';
import { registerDevice } from './signed-client';

interface Listed {
  available: boolean;
  message: string | null;
  allMembers: boolean;
  devices: { id: string; userId: string; name: string; thisComputer: boolean; mine: boolean; revokedAt: string | null }[];
}

let stack: Stack;
let org: SeededOrg;
const open: Device[] = [];

beforeAll(async () => {
  stack = await startStack();
  org = await seedOrg(stack, 'Acme');
}, 120_000);

afterAll(async () => {
  for (const device of open) await closeDevice(device);
  await stack?.stop();
});

const revokedAt = async (id: string) =>
  (await stack.admin.query<{ revoked_at: Date | null }>('select revoked_at from public.devices where id = $1', [id])).rows[0]!
    .revoked_at;

describe('devices.list and devices.revoke', () => {
  it('a member sees their own computers, this one marked; an admin sees every member’s', async () => {
    const viewer = await signedInDevice(stack, org.users.viewer);
    open.push(viewer);
    await settled(viewer, 'the first sync');
    const spare = await registerDevice(stack, org.users.viewer, org.id, 'old desktop');
    const adminLaptop = await registerDevice(stack, org.users.admin, org.id, 'admin laptop');

    const mine = await ok<Listed>(viewer.core, 'devices', 'list');
    expect(mine.available).toBe(true);
    expect(mine.allMembers).toBe(false);
    const shown = mine.devices.map((d) => ({ name: d.name, thisComputer: d.thisComputer, mine: d.mine }));
    expect(shown).toHaveLength(2);
    expect(shown).toContainEqual({ name: 'old desktop', thisComputer: false, mine: true });
    expect(shown).toContainEqual({ name: expect.any(String), thisComputer: true, mine: true });
    expect(mine.devices.some((d) => d.id === adminLaptop.id)).toBe(false);

    // Another member's device: refused, nothing changes; a malformed id: refused in words.
    const refused = await call(viewer.core, 'devices', 'revoke', { deviceId: adminLaptop.id });
    expect(refused.ok).toBe(false);
    expect(await revokedAt(adminLaptop.id)).toBeNull();
    const junk = await call(viewer.core, 'devices', 'revoke', { deviceId: 'laptop' });
    expect(junk.ok ? null : junk.error.code).toBe('INVALID_INPUT');

    const revoked = await ok<{ revokedAt: string; thisComputer: boolean }>(viewer.core, 'devices', 'revoke', {
      deviceId: spare.id,
    });
    expect(revoked.thisComputer).toBe(false);
    expect(await revokedAt(spare.id)).toBeInstanceOf(Date);
    expect((await syncStatus(viewer)).state).not.toBe('paused');

    const admin = await signedInDevice(stack, org.users.admin);
    open.push(admin);
    const all = await ok<Listed>(admin.core, 'devices', 'list');
    expect(all.allMembers).toBe(true);
    expect(new Set(all.devices.map((d) => d.userId))).toEqual(new Set([org.users.viewer.id, org.users.admin.id]));
    // Revoked devices come last.
    expect(all.devices.at(-1)!.id).toBe(spare.id);
  }, 60_000);

  it('revoking this computer pauses its sync at once; the local work stays', async () => {
    const officer = await signedInDevice(stack, org.users.compliance_officer);
    open.push(officer);
    await settled(officer, 'the first sync');
    await ok(officer.core, 'policies', 'create', { title: 'Kept after revoking' });
    const here = (await ok<Listed>(officer.core, 'devices', 'list')).devices.find((d) => d.thisComputer)!;
    const answer = await ok<{ thisComputer: boolean }>(officer.core, 'devices', 'revoke', { deviceId: here.id });
    expect(answer.thisComputer).toBe(true);
    expect(await syncStatus(officer)).toMatchObject({ state: 'paused', pausedReason: 'device_revoked' });
    const policies = await ok<{ items: { title: string }[] }>(officer.core, 'policies', 'list', {});
    expect(policies.items.map((p) => p.title)).toContain('Kept after revoking');
  }, 60_000);
});
