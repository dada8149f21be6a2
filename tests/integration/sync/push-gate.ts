/**
 * One laptop's link to the project with a gate on its push calls: every request is forwarded
 * unchanged, and a push the test's rule picks is, after the server did the work, held until the
 * test releases it, or its answer is cut (the connection closes before the client reads it).
 * A rule may also drop a push before it reaches the server. Other calls (and a push the rule
 * passes) go through untouched; WebSocket upgrades are refused, so the core polls.
 */
import { createServer, request, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Link } from './link';

/** Before the server: 'drop' or forward. After its answer: 'pass', 'hold' or 'cut'. */
export type PushRule = (call: { request: string; answer: string | null }) => 'pass' | 'hold' | 'cut' | 'drop';

export interface PushGate extends Link {
  rule: PushRule | null;
  /** Settles when a push answer is being held. */
  held(): Promise<void>;
  /** Lets every held answer through. */
  release(): void;
}

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'proxy-connection', 'te', 'trailer']);
const endToEnd = (headers: IncomingHttpHeaders) =>
  Object.fromEntries(Object.entries(headers).filter(([name]) => !HOP_BY_HOP.has(name)));

const body = (stream: IncomingMessage) =>
  new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.once('end', () => resolve(Buffer.concat(chunks)));
    stream.once('error', reject);
  });

export async function openPushGate(target: string): Promise<PushGate> {
  const upstream = new URL(target);
  const sockets = new Set<Socket>();
  const waiting: (() => void)[] = [];
  let onHeld: (() => void) | null = null;
  let heldNow: Promise<void> | null = null;

  const forward = async (req: IncomingMessage, res: ServerResponse, sent: Buffer, gate: PushGate, isPush: boolean) => {
    if (isPush && gate.rule?.({ request: sent.toString('utf8'), answer: null }) === 'drop') return req.socket.destroy();
    const answer = await new Promise<IncomingMessage>((resolve, reject) => {
      const out = request(
        {
          host: upstream.hostname,
          port: Number(upstream.port),
          method: req.method,
          path: req.url,
          headers: endToEnd(req.headers),
        },
        resolve,
      );
      out.once('error', reject);
      out.end(sent);
    });
    const received = await body(answer);
    const decision = isPush
      ? (gate.rule?.({ request: sent.toString('utf8'), answer: received.toString('utf8') }) ?? 'pass')
      : 'pass';
    if (decision === 'cut' || decision === 'drop') return req.socket.destroy();
    if (decision === 'hold') {
      await new Promise<void>((resolve) => {
        waiting.push(resolve);
        onHeld?.();
      });
    }
    const headers = endToEnd(answer.headers);
    headers['content-length'] = String(received.length);
    res.writeHead(answer.statusCode ?? 502, headers).end(received);
  };

  const server = createServer((req, res) => {
    const isPush = req.method === 'POST' && (req.url ?? '').startsWith('/rest/v1/rpc/push');
    void body(req)
      .then((sent) => forward(req, res, sent, gate, isPush))
      .catch(() => req.socket.destroy());
  });
  server.on('upgrade', (_req, socket: Socket) => socket.destroy());
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const release = () => {
    for (const resolve of waiting.splice(0)) resolve();
    heldNow = null;
  };
  const close = async () => {
    release();
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  const gate: PushGate = {
    url: `http://127.0.0.1:${port}`,
    rule: null,
    held: () => (heldNow ??= waiting.length > 0 ? Promise.resolve() : new Promise<void>((resolve) => (onHeld = resolve))),
    release,
    down: () => Promise.reject(new Error('the push gate has no down(); use a rule that drops')),
    up: () => Promise.resolve(),
    close,
  };
  return gate;
}
