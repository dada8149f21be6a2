/**
 * Offline and back: with the session in a persistent store, the organization opens with no
 * network and local work goes on under the same user; when the project answers again the session
 * refreshes by itself. A session the server ended asks to sign in again and keeps the workspace
 * usable, losing nothing.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileBackend, plainCodec } from '../../../src-main/core/secrets/file-backend';
import { createVault } from '../../../src-main/core/secrets/vault';
import { seedOrg, type SeededOrg } from '../../support/seed';
import { startStack, type Stack } from '../../support/stack';
import { ok, replicaRows, startCore, tempDataDir, until } from './harness';

let stack: Stack;
let org: SeededOrg;

beforeAll(async () => {
  stack = await startStack();
  org = await seedOrg(stack, 'Field Work Co');
});
afterAll(async () => stack?.stop());

/** A store that keeps secrets across restarts, as the OS keyring does for the desktop app. */
const keyringIn = (folder: string) =>
  createVault(fileBackend({ folder, protection: 'os-encrypted', explanation: 'test keyring', codec: plainCodec }));

const refreshTokens = async (userId: string) =>
  Number((await stack.admin.query(`select count(*) as n from auth.refresh_tokens where user_id::text = $1`, [userId])).rows[0].n);

describe('without a network', () => {
  it('opens the last organization, keeps working as the same user, and refreshes the session when the project is back', async () => {
    const dataDir = tempDataDir();
    const keyring = mkdtempSync(path.join(os.tmpdir(), 'complyflow-keyring-'));
    const user = org.users.compliance_officer;
    const first = await startCore(stack, dataDir, { secrets: keyringIn(keyring) });
    await ok(first, 'account', 'signIn', { email: user.email, password: user.password });
    const policy = await ok<{ id: string }>(first, 'policies', 'create', { title: 'Travel policy' });
    first.close();

    await stack.gatewayDown();
    const offline = await startCore(stack, dataDir, { secrets: keyringIn(keyring) });
    const status = await until(
      () => ok(offline, 'account', 'status'),
      (s) => s.online === false,
      'going offline',
    );
    expect(status).toMatchObject({ session: 'signed-in', user: { id: user.id }, activeOrgId: org.id });
    expect(await ok(offline, 'app', 'workspace')).toMatchObject({
      kind: 'supabase',
      name: 'Field Work Co',
      role: 'compliance_officer',
    });
    expect(await ok(offline, 'account', 'members')).toEqual([]); // never fetched before: nothing to show, no error
    const edited = await ok<{ title: string }>(offline, 'policies', 'update', {
      id: policy.id,
      title: 'Travel policy (edited offline)',
    });
    expect(edited.title).toBe('Travel policy (edited offline)');
    expect(replicaRows(dataDir, org.id, 'SELECT DISTINCT updated_by FROM policies')).toEqual([{ updated_by: user.id }]);

    const tokensBefore = await refreshTokens(user.id);
    await stack.gatewayUp();
    await until(
      () => ok(offline, 'account', 'status'),
      (s) => s.online === true && s.session === 'signed-in',
      'coming back online',
    );
    // Back online by refreshing: a new refresh token was issued, nobody was asked for a password.
    await until(
      () => refreshTokens(user.id),
      (n) => n > tokensBefore,
      'the session refresh',
    );
    expect(await ok(offline, 'account', 'members')).toHaveLength(5);
    offline.close();
  });

  it('asks to sign in again when the server ended the session, and local work goes on meanwhile', async () => {
    const dataDir = tempDataDir();
    const user = org.users.admin;
    const core = await startCore(stack, dataDir);
    await ok(core, 'account', 'signIn', { email: user.email, password: user.password });
    // The admin's sessions are revoked on the server (a stolen laptop elsewhere, IT's decision).
    await stack.admin.query(`update auth.refresh_tokens set revoked = true where user_id::text = $1`, [user.id]);
    await stack.gatewayDown();
    await ok(core, 'account', 'members'); // the call finds no network: offline, probing
    await stack.gatewayUp();
    const ended = await until(
      () => ok(core, 'account', 'status'),
      (s) => s.session === 'expired',
      'the session ending',
    );
    expect(ended).toMatchObject({
      online: true,
      activeOrgId: org.id,
      message: expect.stringMatching(/session ended\. Sign in again; your work on this computer is kept/),
    });
    const policy = await ok<{ id: string }>(core, 'policies', 'create', { title: 'Typed while the session was gone' });
    expect(replicaRows(dataDir, org.id, 'SELECT updated_by FROM policies WHERE id = ?', policy.id)).toEqual([
      { updated_by: user.id },
    ]);
    expect(await ok(core, 'account', 'signIn', { email: user.email, password: user.password })).toMatchObject({
      session: 'signed-in',
      activeOrgId: org.id,
    });
    expect(await ok(core, 'policies', 'get', { id: policy.id })).toMatchObject({ title: 'Typed while the session was gone' });
    core.close();
  });
});
