// Settings → Organization profile through a real core signed in to the stack: an admin saves
// the profile and every member's core reads it back; a viewer's core refuses to edit in words
// before anything is sent; the local workspace has none.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCode } from '../../../src-shared/errors';
import { seedOrg, type SeededOrg } from '../../support/seed';
import { startStack, type Stack } from '../../support/stack';
import { startCore, tempDataDir } from '../auth/harness';
import { call, closeDevice, ok, signedInDevice, type Device } from '../sync/harness';

let stack: Stack;
let org: SeededOrg;
let admin: Device | undefined;
let viewer: Device | undefined;

beforeAll(async () => {
  stack = await startStack();
  org = await seedOrg(stack, 'Acme Health');
  admin = await signedInDevice(stack, org.users.admin);
  viewer = await signedInDevice(stack, org.users.viewer);
}, 120_000);

afterAll(async () => {
  await closeDevice(admin);
  await closeDevice(viewer);
  await stack?.stop();
});

describe('orgProfile in the core', () => {
  it('an admin saves it and a viewer reads it; the viewer may not edit', async () => {
    expect(await ok(viewer!.core, 'orgProfile', 'get')).toMatchObject({
      orgId: org.id,
      name: 'Acme Health',
      systems: [],
      updatedAt: null,
    });
    const saved = await ok(admin!.core, 'orgProfile', 'update', {
      name: 'Acme Health Inc.',
      industry: 'Healthcare',
      size: '51-200',
      systems: ['Okta', 'AWS'],
    });
    expect(saved).toMatchObject({
      name: 'Acme Health Inc.',
      industry: 'Healthcare',
      size: '51-200',
      systems: ['Okta', 'AWS'],
      updatedBy: org.users.admin.id,
    });
    expect(await ok(viewer!.core, 'orgProfile', 'get')).toMatchObject({ name: 'Acme Health Inc.', systems: ['Okta', 'AWS'] });

    const refused = await call(viewer!.core, 'orgProfile', 'update', { name: 'Mine now', industry: '', size: '', systems: [] });
    expect(refused).toMatchObject({
      ok: false,
      error: { code: ErrorCode.Forbidden, message: expect.stringMatching(/As viewer .* cannot/) },
    });
    const bad = await call(admin!.core, 'orgProfile', 'update', { name: 'X', industry: '', size: 'huge', systems: [] });
    expect(bad).toMatchObject({ ok: false, error: { code: ErrorCode.InvalidInput } });
    expect(await ok(viewer!.core, 'orgProfile', 'get')).toMatchObject({ name: 'Acme Health Inc.' });
  }, 60_000);

  it('the local workspace has no profile', async () => {
    const core = await startCore(stack, tempDataDir());
    try {
      expect(await ok(core, 'orgProfile', 'get')).toBeNull();
    } finally {
      core.close();
    }
  });
});
