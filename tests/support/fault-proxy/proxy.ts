/**
 * A fault-injecting HTTP proxy on 127.0.0.1, between the core and the stand-in gateway. Every
 * request it does not fault is forwarded unchanged (method, path, headers, body; the answer
 * streamed back); WebSocket upgrades are tunnelled byte for byte. Faults come from a seeded
 * schedule (`setSchedule`) or on command (`inject`), and each one is counted, so a test can say
 * how many it survived.
 */
import { createServer, request, Agent, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import { connect, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { emptyCounts, scheduler, type Decision, type FaultCounts, type FaultKind, type Schedule } from './faults.ts';

export interface FaultProxyOptions {
  /** Where requests go, e.g. the gateway's http://127.0.0.1:PORT. */
  target: string;
  port?: number;
  /** Which requests may get a fault (default: every one). Others always pass. */
  match?: (request: { method: string; path: string }) => boolean;
  schedule?: Schedule | null;
}

export interface FaultProxy {
  url: string;
  port: number;
  /** What was injected so far, per kind, and how many matching requests passed unchanged. */
  counts(): FaultCounts;
  /** Requests forwarded whose answer has not finished yet, per path (e.g. /rest/v1/rpc/push). */
  inFlight(): Map<string, number>;
  /** The total of injected faults (every kind, delays included). */
  injected(): number;
  /** Replaces the random schedule (null: no random faults). */
  setSchedule(schedule: Schedule | null): void;
  /**
   * The next `times` matching requests get this fault, before the schedule is asked. `amount`:
   * milliseconds for a delay (default 100), the share of the body sent for a cut (default 0.5).
   */
  inject(kind: FaultKind, times?: number, amount?: number): void;
  /** Closes every open connection now, idle keep-alive ones and tunnels included: a network flap. */
  severAll(): void;
  close(): Promise<void>;
}

// Hop-by-hop headers belong to one connection, not to the message (RFC 9110 §7.6.1).
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'proxy-connection', 'te', 'trailer']);

function endToEnd(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  const out: IncomingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) if (!HOP_BY_HOP.has(name)) out[name] = value;
  return out;
}

const readAll = (stream: IncomingMessage) =>
  new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.once('end', () => resolve(Buffer.concat(chunks)));
    stream.once('error', reject);
  });

export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  const target = new URL(options.target);
  if (target.protocol !== 'http:') throw new Error(`the fault proxy forwards to http:// only, not ${target.protocol}`);
  const targetPort = Number(target.port || 80);
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const counts = emptyCounts();
  const queue: { kind: FaultKind; amount: number }[] = [];
  let next: (() => Decision) | null = options.schedule ? scheduler(options.schedule) : null;
  let retryAfter = options.schedule?.retryAfterSeconds ?? 1;
  const sockets = new Set<Socket>();
  const open = new Map<string, number>();

  const decide = (req: IncomingMessage): Decision => {
    const match = options.match ?? (() => true);
    if (!match({ method: req.method ?? 'GET', path: req.url ?? '/' })) return { kind: 'pass', amount: 0 };
    const queued = queue.shift();
    if (queued) return queued;
    return next ? next() : { kind: 'pass', amount: 0 };
  };

  const forward = (
    req: IncomingMessage,
    res: ServerResponse,
    onAnswer: (answer: IncomingMessage) => void,
    onFail: () => void,
  ) => {
    const path = new URL(req.url ?? '/', 'http://proxy').pathname;
    open.set(path, (open.get(path) ?? 0) + 1);
    // 'close' comes once: the answer was sent, or the connection went away.
    res.once('close', () => open.set(path, open.get(path)! - 1));
    const upstream = request({
      host: target.hostname,
      port: targetPort,
      method: req.method,
      path: req.url,
      headers: { ...endToEnd(req.headers), host: target.host },
      agent,
    });
    upstream.once('response', onAnswer);
    upstream.once('error', onFail);
    req.pipe(upstream);
  };

  const passThrough = (req: IncomingMessage, res: ServerResponse) =>
    forward(
      req,
      res,
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, endToEnd(answer.headers));
        answer.pipe(res);
      },
      // The gateway is not there: the client sees what it would see without the proxy, a closed connection.
      () => req.socket.destroy(),
    );

  function handle(req: IncomingMessage, res: ServerResponse) {
    const decision = decide(req);
    if (decision.kind !== 'pass') counts[decision.kind] += 1;
    switch (decision.kind) {
      case 'pass':
        counts.passed += 1;
        return passThrough(req, res);
      case 'drop':
        return req.socket.destroy();
      case 'reset':
        return req.socket.resetAndDestroy();
      case 'delay':
        setTimeout(() => passThrough(req, res), decision.amount);
        return;
      case 'status429':
        req.resume();
        res
          .writeHead(429, { 'content-type': 'application/json', 'retry-after': String(retryAfter) })
          .end(JSON.stringify({ message: 'fault proxy: too many requests (injected)' }));
        return;
      case 'error500':
        return forward(
          req,
          res,
          (answer) =>
            void readAll(answer).then(() =>
              res
                .writeHead(500, { 'content-type': 'application/json' })
                .end(JSON.stringify({ message: 'fault proxy: internal error (injected, after the server answered)' })),
            ),
          () => req.socket.destroy(),
        );
      case 'cut':
        return forward(
          req,
          res,
          (answer) =>
            void readAll(answer).then((body) => {
              if (body.length === 0) return req.socket.destroy();
              const sent = Math.min(body.length - 1, Math.floor(body.length * decision.amount));
              const headers = endToEnd(answer.headers);
              headers['content-length'] = String(body.length);
              res.writeHead(answer.statusCode ?? 200, headers);
              res.write(body.subarray(0, sent), () => req.socket.destroy());
            }),
          () => req.socket.destroy(),
        );
    }
  }

  const server = createServer(handle);
  server.keepAliveTimeout = 5_000;
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  // WebSockets (Realtime) are tunnelled unchanged: the handshake as it came, then both byte streams.
  server.on('upgrade', (req: IncomingMessage, client: Socket, head: Buffer) => {
    counts.upgrades += 1;
    const upstream = connect(targetPort, target.hostname, () => {
      const lines = [`${req.method} ${req.url} HTTP/${req.httpVersion}`];
      for (let i = 0; i < req.rawHeaders.length; i += 2) lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
      upstream.write(`${lines.join('\r\n')}\r\n\r\n`);
      if (head.length) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.once('close', () => {
      sockets.delete(upstream);
      client.destroy();
    });
    client.once('close', () => upstream.destroy());
    upstream.once('error', () => client.destroy());
    client.once('error', () => upstream.destroy());
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    counts: () => ({ ...counts }),
    inFlight: () => new Map([...open].filter(([, n]) => n > 0)),
    injected: () => Object.entries(counts).reduce((n, [k, v]) => (k === 'passed' || k === 'upgrades' ? n : n + v), 0),
    setSchedule(schedule) {
      next = schedule ? scheduler(schedule) : null;
      retryAfter = schedule?.retryAfterSeconds ?? 1;
    },
    inject(kind, times = 1, amount = kind === 'delay' ? 100 : 0.5) {
      if (!Number.isInteger(times) || times < 1) throw new Error(`inject: times must be a positive integer, got ${times}`);
      for (let i = 0; i < times; i++) queue.push({ kind, amount });
    },
    severAll() {
      for (const socket of sockets) socket.destroy();
      agent.destroy();
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      agent.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
