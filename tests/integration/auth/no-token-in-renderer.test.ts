/**
 * The renderer never receives a token, a refresh token or a key (DESIGN §6). A page's view of the
 * app is everything the browser host sends over its WebSocket: this test records every answer
 * and event during sign-in, a second factor, a background refresh after the network returns, and
 * sign-out, and finds no JWT and none of the user's refresh tokens in any of them.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserHost, type BrowserHost } from '../../../src-main/browser-host/server';
import { seedOrg, type SeededOrg } from '../../support/seed';
import { startStack, type Stack } from '../../support/stack';
import { totpCode } from '../../support/totp';
import { presets, until } from './harness';

let stack: Stack;
let org: SeededOrg;
let host: BrowserHost;

beforeAll(async () => {
  stack = await startStack();
  org = await seedOrg(stack, 'Secret Keeping Co');
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'complyflow-notoken-'));
  host = await startBrowserHost({ dataDir, rendererDir: dataDir, argv: presets(stack), probeBackoffMs: { first: 50, max: 250 } });
});
afterAll(async () => {
  await host?.close();
  await stack?.stop();
});

const JWT = /eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/;

describe('what the renderer receives', () => {
  it('never carries a token or a key, through sign-in, MFA, refresh and sign-out', async () => {
    const socket = new WebSocket(`${host.origin.replace('http', 'ws')}/api?token=${host.token}`, { origin: host.origin });
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    const received: string[] = [];
    const answers = new Map<number, (value: { ok: boolean; value?: unknown; error?: unknown }) => void>();
    socket.on('message', (data) => {
      const text = data.toString();
      received.push(text);
      const message = JSON.parse(text) as { kind: string; id?: number; result?: { ok: boolean } };
      if (message.kind === 'result' && message.id !== undefined) answers.get(message.id)?.(message.result!);
    });
    let id = 0;
    const call = (ns: string, method: string, input: unknown = {}) =>
      new Promise<{ ok: boolean; value?: unknown; error?: unknown }>((resolve) => {
        const n = ++id;
        answers.set(n, resolve);
        socket.send(JSON.stringify({ kind: 'call', id: n, ns, method, input }));
      });
    const user = org.users.owner;

    expect((await call('account', 'signIn', { email: user.email, password: user.password })).ok).toBe(true);
    await call('app', 'workspace');
    await call('account', 'members');
    const enrolment = (await call('account', 'enrollTotp')).value as { factorId: string; secret: string };
    expect((await call('account', 'confirmTotp', { factorId: enrolment.factorId, code: totpCode(enrolment.secret) })).ok).toBe(
      true,
    );
    await call('policies', 'create', { title: 'A policy' });
    await call('account', 'signOut');
    expect((await call('account', 'signIn', { email: user.email, password: user.password })).value).toMatchObject({
      session: 'mfa-required',
    });
    expect((await call('account', 'verifyMfa', { code: totpCode(enrolment.secret) })).ok).toBe(true);

    // A refresh in the background: the network goes, a call notices, it comes back, the core refreshes.
    await stack.gatewayDown();
    await call('account', 'members');
    await stack.gatewayUp();
    await until(
      async () => ((await call('account', 'status')).value as { online: boolean }).online,
      (online) => online,
      'coming back online',
    );
    await call('account', 'status');
    socket.close();

    const refreshTokens = (
      await stack.admin.query(`select token from auth.refresh_tokens where user_id::text = $1`, [user.id])
    ).rows.map((r: { token: string }) => r.token);
    expect(refreshTokens.length).toBeGreaterThan(2);
    const all = received.join('\n');
    expect(received.some((m) => m.includes('"account.state"'))).toBe(true);
    // The scan itself finds what it looks for.
    expect(JWT.test(`x ${stack.anonKey} x`)).toBe(true);
    expect(all).not.toMatch(JWT);
    for (const token of refreshTokens) expect(all).not.toContain(token);
    expect(all).not.toContain(stack.anonKey);
  });
});
