// One Postgres connection that LISTENs on `complyflow_sync` (see the migration
// 20260101001300_realtime_nudge.sql) and hands each {org_id, seq} to the endpoint. If the
// connection drops (Postgres restarted), it reconnects with backoff; notifications sent while it
// was away are lost, so after a reconnect it reports `onReconnect`, and the endpoint nudges every
// joined org, as a client that missed a nudge must still learn there is something to pull.
import pg from 'pg';
import { z } from 'zod';

export const CHANNEL = 'complyflow_sync';

const nudge = z.object({ org_id: z.string().uuid(), seq: z.number().int().nonnegative() });
export type Nudge = z.infer<typeof nudge>;

export interface ListenerOptions {
  databaseUrl: string;
  onNudge(nudge: Nudge): void;
  onReconnect(): void;
}

export class Listener {
  private client: pg.Client | null = null;
  private closed = false;
  private retry: NodeJS.Timeout | null = null;
  private delayMs = 100;

  constructor(private readonly options: ListenerOptions) {}

  /** Resolves once LISTEN is in place, so nothing committed after it is missed. */
  async start(): Promise<void> {
    await this.connect();
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.options.databaseUrl });
    client.on('notification', (message) => {
      if (message.channel !== CHANNEL || !message.payload) return;
      let raw: unknown;
      try {
        raw = JSON.parse(message.payload);
      } catch {
        return;
      }
      const parsed = nudge.safeParse(raw);
      if (parsed.success) this.options.onNudge(parsed.data);
    });
    const lost = () => {
      if (this.client !== client) return;
      this.client = null;
      client.end().catch(() => undefined);
      this.schedule();
    };
    client.on('error', lost);
    client.on('end', lost);
    try {
      await client.connect();
      await client.query(`listen ${CHANNEL}`);
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
    if (this.closed) return void (await client.end());
    this.client = client;
    this.delayMs = 100;
  }

  private schedule(): void {
    if (this.closed || this.retry) return;
    this.retry = setTimeout(() => {
      this.retry = null;
      this.connect().then(
        () => !this.closed && this.options.onReconnect(),
        () => {
          this.delayMs = Math.min(this.delayMs * 2, 2000);
          this.schedule();
        },
      );
    }, this.delayMs);
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.retry) clearTimeout(this.retry);
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }
}
