// The stand-in for Supabase Realtime, mounted on the gateway at /realtime/v1/websocket
// (?apikey=…&vsn=1.0.0|2.0.0, as realtime-js connects). Fed by Postgres LISTEN/NOTIFY: each
// {org_id, seq} becomes a broadcast `changes` with that payload on topic `realtime:org:<org_id>`
// to every socket that joined it. For tests and local development only; product code never
// imports it. Test-only switches (never over the network): `down()` drops every socket as a
// crash would and refuses new ones with 503 until `up()`.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type pg from 'pg';
import { WebSocketServer } from 'ws';
import type { JwtKeys } from '../gateway/jwt.ts';
import { verifyToken } from './authorize.ts';
import { Connection } from './connection.ts';
import { Listener, type Nudge } from './listener.ts';
import { VSNS, type Vsn } from './phoenix.ts';

export const REALTIME_PATH = '/realtime/v1/websocket';

export interface RealtimeOptions {
  /** Close a socket that sent nothing (not even a heartbeat) for this long (Phoenix: 60 s). */
  idleTimeoutMs?: number;
}

export class RealtimeEndpoint {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });
  private readonly connections = new Set<Connection>();
  private readonly listener: Listener;
  private refusing = false;

  constructor(
    private readonly pool: pg.Pool,
    private readonly keys: JwtKeys,
    databaseUrl: string,
    private readonly options: RealtimeOptions = {},
  ) {
    this.listener = new Listener({
      databaseUrl,
      onNudge: (nudge) => this.deliver(nudge),
      onReconnect: () => void this.nudgeAllJoined().catch(() => undefined),
    });
  }

  start(): Promise<void> {
    return this.listener.start();
  }

  /** Handles an HTTP upgrade for the realtime path; answers anything it refuses in HTTP. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    void this.upgrade(req, socket, head).catch(() => socket.destroy());
  }

  down(): void {
    this.refusing = true;
    for (const connection of [...this.connections]) connection.kill();
  }

  up(): void {
    this.refusing = false;
  }

  async close(): Promise<void> {
    this.down();
    this.wss.close();
    await this.listener.close();
  }

  private async upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    socket.on('error', () => socket.destroy());
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== REALTIME_PATH) return refuse(socket, 404, `no route ${url.pathname}`);
    if (this.refusing) return refuse(socket, 503, 'Realtime is unavailable');
    const vsn = (url.searchParams.get('vsn') ?? '1.0.0') as Vsn;
    if (!VSNS.includes(vsn)) return refuse(socket, 400, `unsupported vsn ${JSON.stringify(vsn)}: use 1.0.0 or 2.0.0`);
    const apiKey = url.searchParams.get('apikey') ?? '';
    try {
      await verifyToken(this.keys, apiKey);
    } catch (error) {
      return refuse(socket, 403, `apikey refused: ${(error as Error).message}`);
    }
    if (this.refusing) return refuse(socket, 503, 'Realtime is unavailable');
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      const context = { pool: this.pool, keys: this.keys, idleTimeoutMs: this.options.idleTimeoutMs ?? 60_000, apiKey };
      const connection: Connection = new Connection(ws, vsn, context, () => this.connections.delete(connection));
      this.connections.add(connection);
    });
  }

  private deliver(nudge: Nudge): void {
    for (const connection of this.connections) connection.broadcast(nudge.org_id, 'changes', nudge);
  }

  /** After LISTEN was lost and regained: what was committed meanwhile sent no nudge. */
  private async nudgeAllJoined(): Promise<void> {
    const orgs = [...new Set([...this.connections].flatMap((c) => c.orgs()))];
    if (orgs.length === 0) return;
    const { rows } = await this.pool.query<{ org_id: string; seq: string }>(
      `select org_id, max(seq) as seq from public.sync_changes where org_id = any($1::uuid[]) group by org_id`,
      [orgs],
    );
    for (const row of rows) this.deliver({ org_id: row.org_id, seq: Number(row.seq) });
  }
}

function refuse(socket: Duplex, status: number, message: string): void {
  const body = JSON.stringify({ message });
  const reason = { 400: 'Bad Request', 403: 'Forbidden', 404: 'Not Found', 503: 'Service Unavailable' }[status] ?? 'Error';
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
  );
}
