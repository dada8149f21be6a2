// The Realtime stand-in's Phoenix protocol, frame by frame, against real PostgreSQL 15: what
// realtime-js sends (vsn 2.0.0 arrays and vsn 1.0.0 objects) gets Realtime's answers; tokens
// are checked at join, on refresh and when they expire; malformed frames close the one socket
// they came on and leave the gateway serving everyone else.
import { randomUUID } from 'node:crypto';
import { createClient } from '@supabase/supabase-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ws from 'ws';
import { JwtKeys } from '../../support/gateway/jwt.ts';
import { seedOrg, type SeededOrg } from '../../support/seed.ts';
import { startStack, type Stack } from '../../support/stack.ts';
import { MAX_CHANNELS } from '../../support/realtime/connection.ts';
import { RawSocket, waitFor, type Frame } from './raw-socket.ts';

let stack: Stack;
let org: SeededOrg;
let keys: JwtKeys;
let memberToken: string;
const sockets: RawSocket[] = [];

beforeAll(async () => {
  stack = await startStack();
  org = await seedOrg(stack, 'Phoenix Co');
  keys = new JwtKeys(stack.jwtSecret);
  memberToken = await tokenFor(org.users.viewer.id, 3600);
});

afterAll(async () => {
  for (const socket of sockets) socket.close();
  await stack?.stop();
});

function tokenFor(userId: string, seconds: number): Promise<string> {
  return keys.sign({ role: 'authenticated', sub: userId, aal: 'aal1' }, seconds);
}

async function open(query: Record<string, string> = {}): Promise<RawSocket> {
  const socket = await RawSocket.open(stack.supabaseUrl, { apikey: stack.anonKey, vsn: '2.0.0', ...query });
  sockets.push(socket);
  return socket;
}

const topic = (orgId = org.id) => `realtime:org:${orgId}`;
const config = {
  broadcast: { ack: false, self: false },
  presence: { key: '', enabled: false },
  postgres_changes: [],
  private: true,
};

async function join(socket: RawSocket, ref: string, payload: Record<string, unknown>, joinTopic = topic()): Promise<Frame> {
  socket.send([ref, ref, joinTopic, 'phx_join', payload]);
  return socket.replyTo(ref);
}

async function writeFramework(orgId = org.id): Promise<number> {
  const id = randomUUID();
  await stack.admin.query(`insert into public.frameworks (id, org_id, title) values ($1, $2, 'Frame')`, [id, orgId]);
  const { rows } = await stack.admin.query<{ seq: string }>(`select seq from public.sync_changes where record_id = $1`, [id]);
  return Number(rows[0].seq);
}

describe('joining', () => {
  it('answers ok with postgres_changes [] and then broadcasts `changes` {org_id, seq}', async () => {
    const socket = await open();
    const answer = await join(socket, '1', { config, access_token: memberToken });
    expect(answer).toEqual(['1', '1', topic(), 'phx_reply', { status: 'ok', response: { postgres_changes: [] } }]);

    const seq = await writeFramework();
    const nudge = await socket.next(
      (f) => f[3] === 'broadcast' && (f[4].payload as { seq: number }).seq === seq,
      'the broadcast',
    );
    expect(nudge).toEqual([
      null,
      null,
      topic(),
      'broadcast',
      { type: 'broadcast', event: 'changes', payload: { org_id: org.id, seq } },
    ]);
  });

  it('refuses a public channel, another topic, a bad token and an expired one, in Realtime words', async () => {
    const socket = await open();
    const publicJoin = await join(socket, '1', { config: { ...config, private: false }, access_token: memberToken });
    expect(publicJoin[4]).toEqual({
      status: 'error',
      response: { reason: 'PrivateOnly: This project only allows private channels' },
    });

    const other = await join(socket, '2', { config, access_token: memberToken }, 'realtime:public:frameworks');
    expect(other[4]).toEqual({
      status: 'error',
      response: { reason: 'Unauthorized: You do not have permissions to read from this Channel topic: public:frameworks' },
    });

    const forged = await new JwtKeys('another-secret').sign({ role: 'authenticated', sub: org.users.owner.id }, 3600);
    const badSignature = await join(socket, '3', { config, access_token: forged });
    expect(badSignature[4]).toEqual({
      status: 'error',
      response: { reason: 'JwtSignatureError: Failed to validate JWT signature' },
    });

    const notJwt = await join(socket, '4', { config, access_token: 'not-a-jwt' });
    expect(notJwt[4]).toEqual({ status: 'error', response: { reason: 'MalformedJWT: The token provided is not a valid JWT' } });

    const expired = await join(socket, '5', { config, access_token: await tokenFor(org.users.owner.id, -5) });
    expect((expired[4].response as { reason: string }).reason).toMatch(/^InvalidJWTToken: Token has expired \d+ seconds ago$/);

    const strangerId = await stack.createUser(`stranger-${randomUUID()}@example.com`, 'pw-stranger');
    const stranger = await join(socket, '6', { config, access_token: await tokenFor(strangerId, 3600) });
    expect(stranger[4]).toEqual({
      status: 'error',
      response: { reason: `Unauthorized: You do not have permissions to read from this Channel topic: org:${org.id}` },
    });
    expect(socket.closed).toBeNull();
  });

  it('counts the org second-factor rule: an aal1 token is no member of an org that requires MFA', async () => {
    const strict = await seedOrg(stack, 'Strict Co', { requireMfa: true });
    const socket = await open();
    const aal1 = await join(socket, '1', { config, access_token: await tokenFor(strict.users.owner.id, 3600) }, topic(strict.id));
    expect(aal1[4].status).toBe('error');
    const aal2Token = await keys.sign({ role: 'authenticated', sub: strict.users.owner.id, aal: 'aal2' }, 3600);
    const aal2 = await join(socket, '2', { config, access_token: aal2Token }, topic(strict.id));
    expect(aal2[4].status).toBe('ok');
  });

  it(`refuses a join past ${MAX_CHANNELS} channels on one socket, as Realtime does`, async () => {
    const userId = await stack.createUser(`many-${randomUUID()}@example.com`, 'pw-many');
    const { rows } = await stack.admin.query<{ id: string }>(
      `insert into public.organizations (name) select 'Org ' || i from generate_series(1, $1::int) i returning id`,
      [MAX_CHANNELS + 1],
    );
    await stack.admin.query(`insert into public.memberships (org_id, user_id, role) select unnest($1::uuid[]), $2, 'viewer'`, [
      rows.map((r) => r.id),
      userId,
    ]);
    const token = await tokenFor(userId, 3600);
    const socket = await open();
    for (const [i, { id }] of rows.slice(0, MAX_CHANNELS).entries()) {
      expect((await join(socket, `j${i}`, { config, access_token: token }, topic(id)))[4].status).toBe('ok');
    }
    const over = await join(socket, 'over', { config, access_token: token }, topic(rows[MAX_CHANNELS]!.id));
    expect(over[4]).toEqual({ status: 'error', response: { reason: 'ChannelRateLimitReached: Too many channels' } });
  });

  it('refuses the socket itself without a valid apikey or with an unknown vsn', async () => {
    await expect(RawSocket.open(stack.supabaseUrl, { apikey: 'nope', vsn: '2.0.0' })).rejects.toThrow('HTTP 403');
    await expect(RawSocket.open(stack.supabaseUrl, { apikey: stack.anonKey, vsn: '3.0.0' })).rejects.toThrow('HTTP 400');
    await expect(RawSocket.open(stack.supabaseUrl, { apikey: stack.anonKey }, '/realtime/v1/other')).rejects.toThrow('HTTP 404');
  });
});

describe('the rest of the protocol', () => {
  it('answers heartbeat, phx_leave (then phx_close) and pushes to a topic never joined', async () => {
    const socket = await open();
    socket.send([null, 'h1', 'phoenix', 'heartbeat', {}]);
    expect(await socket.replyTo('h1')).toEqual([null, 'h1', 'phoenix', 'phx_reply', { status: 'ok', response: {} }]);

    socket.send([null, 'x1', topic(), 'broadcast', { type: 'broadcast', event: 'hi', payload: {} }]);
    expect((await socket.replyTo('x1'))[4]).toEqual({ status: 'error', response: { reason: 'unmatched topic' } });

    await join(socket, 'j1', { config, access_token: memberToken });
    socket.send(['j1', 'l1', topic(), 'phx_leave', {}]);
    expect((await socket.replyTo('l1'))[4]).toEqual({ status: 'ok', response: {} });
    await socket.next((f) => f[3] === 'phx_close' && f[0] === 'j1', 'phx_close after leave');

    // Another org's channel on the same socket: its later nudge arrives after any earlier one.
    const other = await seedOrg(stack, 'Other Co');
    const otherToken = await tokenFor(other.users.viewer.id, 3600);
    expect((await join(socket, 'j2', { config, access_token: otherToken }, topic(other.id)))[4].status).toBe('ok');
    const left = await writeFramework();
    const seq = await writeFramework(other.id);
    await socket.next((f) => f[3] === 'broadcast' && (f[4].payload as { seq: number }).seq === seq, "the other org's nudge");
    const heardLeft = socket.frames.some(
      (f) => (f as Frame)[3] === 'broadcast' && ((f as Frame)[4].payload as { seq: number }).seq === left,
    );
    expect(heardLeft).toBe(false);
  });

  it('closes a channel whose token expires, with a system error first', async () => {
    const socket = await open();
    const shortLived = await tokenFor(org.users.auditor.id, 3);
    expect((await join(socket, 'j1', { config, access_token: shortLived }))[4].status).toBe('ok');
    const system = await socket.next((f) => f[3] === 'system', 'the system message');
    expect(system[4]).toEqual({
      extension: 'system',
      status: 'error',
      message: expect.stringMatching(/^Token has expired \d+ seconds ago$/),
      channel: `org:${org.id}`,
    });
    await socket.next((f) => f[3] === 'phx_close' && f[0] === 'j1', 'phx_close');
    expect(socket.closed).toBeNull();
  });

  it('keeps a channel across a valid access_token refresh, and closes it on one that fails', async () => {
    const socket = await open();
    const shortLived = await tokenFor(org.users.auditor.id, 3);
    expect((await join(socket, 'j1', { config, access_token: shortLived }))[4].status).toBe('ok');
    socket.send(['j1', 'a1', topic(), 'access_token', { access_token: await tokenFor(org.users.auditor.id, 3600) }]);
    // Past the first token's expiry the channel still delivers.
    const exp = (JSON.parse(Buffer.from(shortLived.split('.')[1], 'base64url').toString('utf8')) as { exp: number }).exp;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, exp * 1000 - Date.now()) + 1000));
    const seq = await writeFramework();
    await socket.next((f) => f[3] === 'broadcast' && (f[4].payload as { seq: number }).seq === seq, 'a broadcast after refresh');
    expect(socket.frames.some((f) => (f as Frame)[3] === 'system')).toBe(false);

    socket.send(['j1', 'a2', topic(), 'access_token', { access_token: 'garbage' }]);
    const system = await socket.next((f) => f[3] === 'system', 'the system message');
    expect(system[4].message).toBe('The token provided is not a valid JWT');
    await socket.next((f) => f[3] === 'phx_close', 'phx_close');
  });

  it('speaks vsn 1.0.0 objects to a realtime-js client that asks for it', async () => {
    const client = createClient(stack.supabaseUrl, stack.anonKey, {
      auth: { persistSession: false, autoRefreshToken: false },
      realtime: { transport: ws as never, vsn: '1.0.0' },
    });
    const { error } = await client.auth.signInWithPassword(org.users.owner);
    expect(error).toBeNull();
    await client.realtime.setAuth((await client.auth.getSession()).data.session!.access_token);
    const heard: unknown[] = [];
    const statuses: string[] = [];
    client
      .channel(`org:${org.id}`, { config: { private: true } })
      .on('broadcast', { event: 'changes' }, (message) => heard.push(message.payload))
      .subscribe((status) => statuses.push(status));
    await waitFor(() => statuses.includes('SUBSCRIBED'), 'SUBSCRIBED over vsn 1.0.0');
    const seq = await writeFramework();
    await waitFor(() => heard.find((p) => (p as { seq: number }).seq === seq), 'the nudge over vsn 1.0.0');
    expect(client.realtime.vsn).toBe('1.0.0');
    await client.removeAllChannels();
  });
});

describe('malformed frames', () => {
  const cases: [string, string | Buffer, number][] = [
    ['not JSON', 'this is not json', 1007],
    ['a short array', '[1, 2]', 1007],
    ['an object on vsn 2.0.0', JSON.stringify({ topic: 'phoenix', event: 'heartbeat', payload: {}, ref: '1' }), 1007],
    ['a payload that is not an object', JSON.stringify([null, '1', 'phoenix', 'heartbeat', 'x']), 1007],
    ['a binary frame', Buffer.from([3, 0, 0, 0, 0, 0, 1]), 1003],
    ['a frame over 1 MiB', JSON.stringify([null, '1', 'phoenix', 'heartbeat', { pad: 'x'.repeat(1_100_000) }]), 1009],
  ];
  for (const [what, frame, code] of cases) {
    it(`closes the socket on ${what} (${code}), and the gateway goes on serving`, async () => {
      const bad = await open();
      bad.send(frame);
      expect((await bad.whenClosed()).code).toBe(code);

      const good = await open();
      expect((await join(good, '1', { config, access_token: memberToken }))[4].status).toBe('ok');
      const { error } = await (await stack.client()).rpc('sync_info');
      expect(error).toBeNull();
    });
  }

  it('on vsn 1.0.0 answers objects and closes on arrays', async () => {
    const socket = await open({ vsn: '1.0.0' });
    socket.send({ join_ref: null, ref: 'h1', topic: 'phoenix', event: 'heartbeat', payload: {} });
    const answer = await waitFor(() => socket.frames.find((f) => (f as { ref?: string }).ref === 'h1'), 'the heartbeat reply');
    expect(answer).toEqual({
      join_ref: null,
      ref: 'h1',
      topic: 'phoenix',
      event: 'phx_reply',
      payload: { status: 'ok', response: {} },
    });
    socket.send([null, 'h2', 'phoenix', 'heartbeat', {}]);
    expect((await socket.whenClosed()).code).toBe(1007);
  });
});
