// Heartbeats keep a Realtime socket: the stand-in closes a socket that stays silent past its idle
// timeout (Phoenix's is 60 s; 1.5 s here), and realtime-js's heartbeat on topic `phoenix`
// keeps a joined channel alive well past it, nudges still flowing.
import { randomUUID } from 'node:crypto';
import { createClient } from '@supabase/supabase-js';
import { afterAll, beforeAll, expect, it } from 'vitest';
import ws from 'ws';
import { subscribeNudges, type Nudge } from '../../../src-main/core/sync/realtime/nudges';
import { seedOrg, type SeededOrg } from '../../support/seed.ts';
import { startStack, type Stack } from '../../support/stack.ts';
import { RawSocket, waitFor } from './raw-socket.ts';

const IDLE_MS = 1500;
let stack: Stack;
let org: SeededOrg;

beforeAll(async () => {
  stack = await startStack({ realtime: { idleTimeoutMs: IDLE_MS } });
  org = await seedOrg(stack, 'Heartbeat Co');
});

afterAll(async () => {
  await stack?.stop();
});

it('closes a socket that sends no heartbeat', async () => {
  const socket = await RawSocket.open(stack.supabaseUrl, { apikey: stack.anonKey, vsn: '2.0.0' });
  const closed = await socket.whenClosed();
  expect(closed).toEqual({ code: 1000, reason: 'idle timeout: no heartbeat' });
});

it('keeps a heartbeating client joined past the idle timeout, still nudged', async () => {
  const heartbeats: string[] = [];
  const client = createClient(stack.supabaseUrl, stack.anonKey, {
    auth: { persistSession: false, autoRefreshToken: false },
    realtime: { transport: ws as never, heartbeatIntervalMs: 300, heartbeatCallback: (status) => heartbeats.push(status) },
  });
  const { error } = await client.auth.signInWithPassword(org.users.viewer);
  expect(error).toBeNull();
  const nudges: Nudge[] = [];
  const live: boolean[] = [];
  const subscription = subscribeNudges({
    client,
    orgId: org.id,
    onNudge: (n) => nudges.push(n),
    onLive: (v) => live.push(v),
  });
  await waitFor(() => live.at(-1) === true, 'the subscription going live');

  // Enough answered heartbeats to span several idle timeouts.
  await waitFor(() => heartbeats.filter((s) => s === 'ok').length >= Math.ceil((3 * IDLE_MS) / 300), 'heartbeats answered');
  expect(live).toEqual([true]);
  expect(client.realtime.isConnected()).toBe(true);

  const id = randomUUID();
  await stack.admin.query(`insert into public.frameworks (id, org_id, title) values ($1, $2, 'Still here')`, [id, org.id]);
  const { rows } = await stack.admin.query<{ seq: string }>(`select seq from public.sync_changes where record_id = $1`, [id]);
  await waitFor(() => nudges.find((n) => n.seq === Number(rows[0].seq)), 'the nudge');
  expect(heartbeats).not.toContain('timeout');
  await subscription.close();
  await client.removeAllChannels();
});
