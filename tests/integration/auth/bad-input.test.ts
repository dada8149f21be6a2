/**
 * What goes wrong at sign-in gets a clear message in words and writes nothing to any replica:
 * a wrong password, an unreachable URL, a server that is no Supabase project, a key that is not
 * an anon JWT, tokens the server issued already expired or signed with another key, a membership
 * list with a non-UUID org id, and a machine policy file that is not JSON.
 */
import { writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createCore } from '../../../src-main/core/core';
import { freePort } from '../../support/postgres';
import { seedOrg, type SeededOrg } from '../../support/seed';
import { startStack, type Stack } from '../../support/stack';
import { call, ok, startCore, tempDataDir, workspaceSnapshot } from './harness';

let stack: Stack;
let org: SeededOrg;
let html: Server;
let htmlUrl: string;

beforeAll(async () => {
  stack = await startStack();
  org = await seedOrg(stack, 'Careful Co');
  html = createServer((_req, res) => res.writeHead(404, { 'content-type': 'text/html' }).end('<h1>Not here</h1>'));
  await new Promise<void>((resolve) => html.listen(0, '127.0.0.1', resolve));
  htmlUrl = `http://127.0.0.1:${(html.address() as AddressInfo).port}`;
});
afterEach(() => stack.gateway.tamper(null));
afterAll(async () => {
  html?.close();
  await stack?.stop();
});

const officer = () => ({ email: org.users.compliance_officer.email, password: org.users.compliance_officer.password });

/** A core on the local workspace with a policy in it, so "nothing written" covers an existing replica. */
async function localCore(extra: Parameters<typeof startCore>[2] = {}) {
  const dataDir = tempDataDir();
  const core = createCore({ dataDir, log: { error: () => undefined }, ...extra });
  await core.ready;
  await ok(core, 'policies', 'create', { title: 'Local work' });
  return { core, dataDir };
}

describe('at sign-in, bad input is refused in words and nothing is written', () => {
  it('a wrong password', async () => {
    const dataDir = tempDataDir();
    const core = await startCore(stack, dataDir);
    await ok(core, 'policies', 'create', { title: 'Local work' });
    const before = workspaceSnapshot(dataDir);
    const result = await call(core, 'account', 'signIn', { email: officer().email, password: 'not-the-password' });
    expect(result).toMatchObject({ ok: false, error: { message: 'The email address or password is not right.' } });
    expect(await ok(core, 'account', 'status')).toMatchObject({ session: 'signed-out', memberships: [] });
    expect(workspaceSnapshot(dataDir)).toEqual(before);
    core.close();
  });

  it('an unreachable URL', async () => {
    const { core, dataDir } = await localCore();
    const before = workspaceSnapshot(dataDir);
    const port = await freePort();
    const result = await call(core, 'account', 'connect', { url: `http://127.0.0.1:${port}`, anonKey: stack.anonKey });
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'OFFLINE', message: expect.stringMatching(/Cannot reach 127\.0\.0\.1:\d+: nothing is listening there/) },
    });
    expect(await ok(core, 'account', 'status')).toMatchObject({ connection: { mode: 'unset' } });
    expect(workspaceSnapshot(dataDir)).toEqual(before);
    core.close();
  });

  it('a URL that answers but is no Supabase project', async () => {
    const { core, dataDir } = await localCore();
    const before = workspaceSnapshot(dataDir);
    const result = await call(core, 'account', 'connect', { url: htmlUrl, anonKey: stack.anonKey });
    expect(result).toMatchObject({
      ok: false,
      error: { message: expect.stringMatching(/answered, but it is not a Supabase project/) },
    });
    expect(workspaceSnapshot(dataDir)).toEqual(before);
    core.close();
  });

  it.each([
    ['a key that is not a JWT', 'just-some-text', /not a JWT or a publishable key/],
    ['the service-role key', 'SERVICE', /service-role key/],
  ])('%s', async (_what, key, words) => {
    const { core, dataDir } = await localCore();
    const before = workspaceSnapshot(dataDir);
    const result = await call(core, 'account', 'connect', {
      url: stack.supabaseUrl,
      anonKey: key === 'SERVICE' ? stack.serviceRoleKey : key,
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: expect.stringMatching(words) } });
    expect(await ok(core, 'account', 'status')).toMatchObject({ connection: { mode: 'unset' } });
    expect(workspaceSnapshot(dataDir)).toEqual(before);
    core.close();
  });

  it.each([
    ['expired-tokens', /session the app cannot use: it had already expired/],
    ['forged-tokens', /refused the session it had just issued/],
    ['not-uuid-memberships', /membership list the app cannot use: Item 1 org id must be a UUID\. Nothing was changed/],
  ] as const)('a server that issues %s', async (mode, words) => {
    const dataDir = tempDataDir();
    const core = await startCore(stack, dataDir);
    await ok(core, 'policies', 'create', { title: 'Local work' });
    const before = workspaceSnapshot(dataDir);
    stack.gateway.tamper(mode);
    const result = await call(core, 'account', 'signIn', officer());
    expect(result).toMatchObject({ ok: false, error: { message: expect.stringMatching(words) } });
    const status = await ok(core, 'account', 'status');
    expect(status).toMatchObject({ session: 'signed-out', memberships: [], activeOrgId: '00000000-0000-4000-8000-000000000000' });
    expect(workspaceSnapshot(dataDir)).toEqual(before);
    // Once the server behaves, the same user signs in.
    stack.gateway.tamper(null);
    expect(await ok(core, 'account', 'signIn', officer())).toMatchObject({ session: 'signed-in', activeOrgId: org.id });
    core.close();
  });

  it('a machine policy file that is not JSON', async () => {
    const dataDir = tempDataDir();
    const file = path.join(dataDir, 'policy.json');
    writeFileSync(file, '{ "supabaseUrl": "https://x.supabase.co", ');
    const { core, dataDir: data } = await localCore({ env: { COMPLYFLOW_POLICY_FILE: file } });
    const status = await ok(core, 'account', 'status');
    expect(status).toMatchObject({
      connection: { mode: 'unset', locked: false },
      message: expect.stringMatching(/machine policy .*policy\.json is not valid JSON.*Ask IT to fix it/),
    });
    // Only the local workspace exists: nothing was made for any organization.
    expect(Object.keys(workspaceSnapshot(data)).filter((file) => !file.startsWith('workspaces/local/'))).toEqual([]);
    expect(Object.keys(workspaceSnapshot(data))).toContain('workspaces/local/replica.sqlite3');
    core.close();
  });

  it('a connection IT locked cannot be changed from the app', async () => {
    const dataDir = tempDataDir();
    const core = await startCore(stack, dataDir);
    expect(await ok(core, 'account', 'status')).toMatchObject({ connection: { locked: true, source: 'command-line' } });
    expect(await call(core, 'account', 'connect', { url: htmlUrl, anonKey: stack.anonKey })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN', message: expect.stringMatching(/managed by your organization/) },
    });
    expect(await call(core, 'account', 'useLocal', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    core.close();
  });
});
