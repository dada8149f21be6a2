/**
 * The fault proxy itself, against a tiny real HTTP server and a real WebSocket server, with the
 * client the core uses (Node's fetch): what passes is unchanged, each injected fault does what
 * it says (and whether the server saw the request), and a seed replays the same schedule.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { FAULT_KINDS, scheduler } from '../../../support/fault-proxy/faults';
import { startFaultProxy, type FaultProxy } from '../../../support/fault-proxy/proxy';

interface Seen {
  method: string;
  url: string;
  body: string;
  header: string | undefined;
}
let server: Server;
let wss: WebSocketServer;
let seen: Seen[] = [];
/** Answers of /slow requests, held until the test releases them. */
const release: (() => void)[] = [];
let target = '';
let proxy: FaultProxy;

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString();
      seen.push({ method: req.method!, url: req.url!, body, header: req.headers['x-marker'] as string | undefined });
      const answer = JSON.stringify({ echo: body, padding: 'x'.repeat(4096) });
      const send = () => res.writeHead(201, { 'content-type': 'application/json', 'x-answer': 'yes' }).end(answer);
      if (req.url === '/slow') release.push(send);
      else send();
    });
  });
  wss = new WebSocketServer({ server });
  wss.on('connection', (ws) => ws.on('message', (data) => ws.send(`echo:${data.toString()}`)));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  target = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  wss.close();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});
afterEach(async () => {
  await proxy?.close();
  seen = [];
});

const post = (url: string, body: string) =>
  fetch(`${url}/rest/v1/rpc/push?x=1`, {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/json', 'x-marker': 'm1' },
  });

describe('the fault proxy', () => {
  it('passes a request and its answer through unchanged and counts it', async () => {
    proxy = await startFaultProxy({ target });
    const res = await post(proxy.url, '{"a":1}');
    expect(res.status).toBe(201);
    expect(res.headers.get('x-answer')).toBe('yes');
    expect(await res.json()).toMatchObject({ echo: '{"a":1}' });
    expect(seen).toEqual([{ method: 'POST', url: '/rest/v1/rpc/push?x=1', body: '{"a":1}', header: 'm1' }]);
    expect(proxy.counts()).toMatchObject({ passed: 1 });
    expect(proxy.injected()).toBe(0);
  });

  it('drops and resets before forwarding: the client gets a network error and the server sees nothing', async () => {
    proxy = await startFaultProxy({ target });
    proxy.inject('drop');
    await expect(post(proxy.url, 'one')).rejects.toThrow(/fetch failed/);
    proxy.inject('reset');
    await expect(post(proxy.url, 'two')).rejects.toThrow(/fetch failed/);
    expect(seen).toEqual([]);
    expect(proxy.counts()).toMatchObject({ drop: 1, reset: 1, passed: 0 });
    // The next request passes again.
    expect((await post(proxy.url, 'three')).status).toBe(201);
    expect(seen.map((s) => s.body)).toEqual(['three']);
  });

  it('cuts an answer mid-body after the server did the work', async () => {
    proxy = await startFaultProxy({ target });
    proxy.inject('cut', 1, 0.3);
    const res = await post(proxy.url, 'cut me');
    expect(res.status).toBe(201);
    await expect(res.text()).rejects.toThrow();
    expect(seen.map((s) => s.body)).toEqual(['cut me']);
    expect(proxy.counts().cut).toBe(1);
  });

  it('answers 500 after the server did the work, and 429 with Retry-After without forwarding', async () => {
    proxy = await startFaultProxy({ target, schedule: { seed: 1, rate: 0, retryAfterSeconds: 3 } });
    proxy.inject('error500');
    const failed = await post(proxy.url, 'applied');
    expect(failed.status).toBe(500);
    expect(await failed.json()).toMatchObject({ message: expect.stringMatching(/injected/) });
    proxy.inject('status429');
    const limited = await post(proxy.url, 'limited');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('3');
    await limited.text();
    expect(seen.map((s) => s.body)).toEqual(['applied']);
  });

  it('delays and then forwards unchanged', async () => {
    proxy = await startFaultProxy({ target });
    proxy.inject('delay', 2, 30);
    const answers = await Promise.all([post(proxy.url, 'd1'), post(proxy.url, 'd2')]);
    expect(answers.map((a) => a.status)).toEqual([201, 201]);
    expect(seen.map((s) => s.body).sort()).toEqual(['d1', 'd2']);
    expect(proxy.counts()).toMatchObject({ delay: 2, passed: 0 });
  });

  it('faults only the requests its filter matches', async () => {
    proxy = await startFaultProxy({ target, match: ({ path }) => path.startsWith('/rest/'), schedule: { seed: 7, rate: 1 } });
    const other = await fetch(`${proxy.url}/auth/v1/token`, { method: 'POST', body: 'token' });
    expect(other.status).toBe(201);
    await other.text();
    expect(proxy.injected()).toBe(0);
  });

  it('a seed replays the same decisions, every kind occurs, and the counts add up to the requests', async () => {
    const a = scheduler({ seed: 42, rate: 0.5 });
    const b = scheduler({ seed: 42, rate: 0.5 });
    const first = Array.from({ length: 500 }, a);
    expect(Array.from({ length: 500 }, b)).toEqual(first);
    expect(new Set(first.map((d) => d.kind))).toEqual(new Set([...FAULT_KINDS, 'pass']));
    expect(Array.from({ length: 500 }, scheduler({ seed: 43, rate: 0.5 }))).not.toEqual(first);

    proxy = await startFaultProxy({ target, schedule: { seed: 9, rate: 0.5, maxDelayMs: 5, retryAfterSeconds: 0 } });
    let failures = 0;
    for (let i = 0; i < 60; i++) {
      try {
        const res = await post(proxy.url, `r${i}`);
        await res.text();
        if (res.status !== 201) failures++;
      } catch {
        failures++;
      }
    }
    const counts = proxy.counts();
    expect(proxy.injected() + counts.passed).toBe(60);
    expect(failures).toBe(proxy.injected() - counts.delay);
  });

  it('refuses a schedule or an injection that makes no sense, in words', async () => {
    expect(() => scheduler({ seed: 1, rate: 2 })).toThrow(/rate must be between 0 and 1/);
    expect(() => scheduler({ seed: 1, rate: 0.5, weights: Object.fromEntries(FAULT_KINDS.map((k) => [k, 0])) })).toThrow(
      /weight 0/,
    );
    proxy = await startFaultProxy({ target });
    expect(() => proxy.inject('drop', 0)).toThrow(/positive integer/);
    await expect(startFaultProxy({ target: 'https://127.0.0.1:1' })).rejects.toThrow(/http:\/\/ only/);
  });

  it('knows which requests are in flight, by path, until their answer is sent', async () => {
    proxy = await startFaultProxy({ target });
    const slow = fetch(`${proxy.url}/slow`, { method: 'POST', body: 'wait' });
    while (release.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(proxy.inFlight()).toEqual(new Map([['/slow', 1]]));
    release.shift()!();
    await (await slow).text();
    expect(proxy.inFlight()).toEqual(new Map());
  });

  it('tunnels WebSockets unchanged and severs every connection on command', async () => {
    proxy = await startFaultProxy({ target });
    const ws = new WebSocket(`${proxy.url.replace('http', 'ws')}/realtime/v1/websocket`);
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    const reply = new Promise<string>((resolve) => ws.once('message', (data) => resolve(data.toString())));
    ws.send('hello');
    expect(await reply).toBe('echo:hello');
    expect(proxy.counts().upgrades).toBe(1);
    const closed = new Promise((resolve) => ws.once('close', resolve));
    proxy.severAll();
    await closed;
    expect(ws.readyState).toBe(WebSocket.CLOSED);
  });
});
