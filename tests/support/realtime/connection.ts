// One client WebSocket and the channels joined on it, speaking Phoenix the way Supabase Realtime
// does: `heartbeat` on topic `phoenix` answered ok; `phx_join` authorized (authorize.ts) and
// answered {postgres_changes: []} or Realtime's error; `phx_leave` answered ok then phx_close;
// `access_token` re-verified (a token that no longer passes closes the channel); a channel whose
// token expires gets a `system` error and phx_close, as Realtime's confirm_token timer does;
// a push to a topic not joined is answered "unmatched topic"; at most 100 channels a socket (as
// Realtime's default max_channels_per_client); a malformed frame closes the
// socket (1007), a binary frame too (1003: this stand-in speaks JSON only); a socket silent for
// longer than the idle timeout (Phoenix's is 60 s) is closed.
import type pg from 'pg';
import type { WebSocket } from 'ws';
import type { JwtKeys } from '../gateway/jwt.ts';
import { authorizeJoin, Refusal, verifyToken } from './authorize.ts';
import { decode, encode, MalformedFrame, reply, type Message, type Vsn } from './phoenix.ts';

interface Joined {
  joinRef: string | null;
  orgId: string;
  token: string;
  expiry: NodeJS.Timeout;
}

export interface ConnectionContext {
  pool: pg.Pool;
  keys: JwtKeys;
  idleTimeoutMs: number;
  /** The socket's `apikey`: the token a join without `access_token` is judged by (Realtime's tenant token). */
  apiKey: string;
}

/** Realtime's default max_channels_per_client: joins beyond it are refused. */
export const MAX_CHANNELS = 100;

/** setTimeout's limit: a token valid for longer is re-checked when this elapses instead. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export class Connection {
  private readonly channels = new Map<string, Joined>();
  private idle: NodeJS.Timeout;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly ws: WebSocket,
    private readonly vsn: Vsn,
    private readonly context: ConnectionContext,
    private readonly onGone: () => void,
  ) {
    this.idle = this.armIdle();
    ws.on('message', (data, isBinary) => {
      clearTimeout(this.idle);
      this.idle = this.armIdle();
      if (isBinary) return this.close(1003, 'binary frames are not supported');
      // One frame at a time, in order: a join's reply must precede what follows it.
      this.queue = this.queue.then(() => this.receive(data.toString('utf8'))).catch(() => this.close(1011, 'internal error'));
    });
    ws.on('close', () => this.teardown());
    ws.on('error', () => this.teardown());
  }

  /** The org ids this socket listens to. */
  orgs(): string[] {
    return [...this.channels.values()].map((c) => c.orgId);
  }

  broadcast(orgId: string, event: string, payload: Record<string, unknown>): void {
    for (const [topic, joined] of this.channels) {
      if (joined.orgId !== orgId) continue;
      this.send({ join_ref: null, ref: null, topic, event: 'broadcast', payload: { type: 'broadcast', event, payload } });
    }
  }

  /** Drops the socket without a closing handshake, as a crashed server would. */
  kill(): void {
    this.ws.terminate();
    this.teardown();
  }

  close(code: number, reason: string): void {
    this.ws.close(code, reason);
    this.teardown();
  }

  private armIdle(): NodeJS.Timeout {
    return setTimeout(() => this.close(1000, 'idle timeout: no heartbeat'), this.context.idleTimeoutMs);
  }

  private teardown(): void {
    clearTimeout(this.idle);
    for (const joined of this.channels.values()) clearTimeout(joined.expiry);
    this.channels.clear();
    this.onGone();
  }

  private send(message: Message): void {
    if (this.ws.readyState === this.ws.OPEN) this.ws.send(encode(this.vsn, message));
  }

  private async receive(text: string): Promise<void> {
    let message: Message;
    try {
      message = decode(this.vsn, text);
    } catch (error) {
      if (error instanceof MalformedFrame) return this.close(1007, error.message);
      throw error;
    }
    if (message.topic === 'phoenix') {
      if (message.event === 'heartbeat') return this.send(reply(message, 'ok', {}));
      return this.send(reply(message, 'error', { reason: 'unmatched topic' }));
    }
    if (message.event === 'phx_join') return this.join(message);
    const joined = this.channels.get(message.topic);
    if (!joined || (message.join_ref !== null && message.join_ref !== joined.joinRef)) {
      return this.send(reply(message, 'error', { reason: 'unmatched topic' }));
    }
    if (message.event === 'phx_leave') {
      this.send(reply(message, 'ok', {}));
      return this.closeChannel(message.topic);
    }
    if (message.event === 'access_token') return this.refreshToken(message.topic, joined, message.payload.access_token);
    // Broadcast/presence from clients: nothing in the app sends them; Realtime ignores what it
    // does not handle without replying, and so does this stand-in.
  }

  private async join(message: Message): Promise<void> {
    const previous = this.channels.get(message.topic);
    // Phoenix closes an existing join of the same topic before the new one.
    if (previous) this.closeChannel(message.topic);
    if (this.channels.size >= MAX_CHANNELS) {
      return this.send(reply(message, 'error', { reason: 'ChannelRateLimitReached: Too many channels' }));
    }
    const config = message.payload.config as { private?: unknown } | undefined;
    if (config?.private !== true) {
      return this.send(reply(message, 'error', { reason: 'PrivateOnly: This project only allows private channels' }));
    }
    const token = message.payload.access_token ?? this.context.apiKey;
    const verdict = await authorizeJoin(this.context.pool, this.context.keys, message.topic, token);
    if (this.ws.readyState !== this.ws.OPEN) return;
    if (!verdict.ok) return this.send(reply(message, 'error', { reason: verdict.reason }));
    this.channels.set(message.topic, {
      joinRef: message.join_ref,
      orgId: verdict.orgId,
      token: token as string,
      expiry: this.expiryTimer(message.topic, verdict.claims.exp!),
    });
    this.send(reply(message, 'ok', { postgres_changes: [] }));
  }

  private async refreshToken(topic: string, joined: Joined, token: unknown): Promise<void> {
    if (token === joined.token || token === null || token === undefined) return;
    const verdict = await authorizeJoin(this.context.pool, this.context.keys, topic, token);
    if (this.channels.get(topic) !== joined) return;
    if (!verdict.ok) return this.shutdown(topic, verdict.reason.replace(/^[A-Za-z]+: /, ''));
    clearTimeout(joined.expiry);
    joined.token = token as string;
    joined.expiry = this.expiryTimer(topic, verdict.claims.exp!);
  }

  private expiryTimer(topic: string, exp: number): NodeJS.Timeout {
    const ms = Math.min(Math.max(0, exp * 1000 - Date.now()), MAX_TIMER_MS);
    return setTimeout(() => {
      const joined = this.channels.get(topic);
      if (!joined) return;
      verifyToken(this.context.keys, joined.token).then(
        (claims) => {
          if (this.channels.get(topic) === joined) joined.expiry = this.expiryTimer(topic, claims.exp!);
        },
        (error: unknown) => {
          const reason = error instanceof Refusal ? error.message.replace(/^[A-Za-z]+: /, '') : 'Token is no longer valid';
          this.shutdown(topic, reason);
        },
      );
    }, ms);
  }

  /** Realtime's shutdown_response: a `system` error in words, then the channel closes. */
  private shutdown(topic: string, reason: string): void {
    const joined = this.channels.get(topic);
    if (!joined) return;
    const channel = topic.replace(/^realtime:/, '');
    this.send({
      join_ref: joined.joinRef,
      ref: null,
      topic,
      event: 'system',
      payload: { extension: 'system', status: 'error', message: reason, channel },
    });
    this.closeChannel(topic);
  }

  private closeChannel(topic: string): void {
    const joined = this.channels.get(topic);
    if (!joined) return;
    clearTimeout(joined.expiry);
    this.channels.delete(topic);
    this.send({ join_ref: joined.joinRef, ref: joined.joinRef, topic, event: 'phx_close', payload: {} });
  }
}
