// A bare WebSocket to the Realtime endpoint for the frames realtime-js would never send
// (malformed, binary, unjoined topics) and for reading the server's exact answers; plus the
// waiting helper the realtime tests share.
import WebSocket from 'ws';

export type Frame = [string | null, string | null, string, string, Record<string, unknown>];

export async function waitFor<T>(probe: () => T | undefined | null | false, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

export class RawSocket {
  readonly frames: unknown[] = [];
  closed: { code: number; reason: string } | null = null;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => this.frames.push(JSON.parse(data.toString('utf8'))));
    ws.on('close', (code, reason) => (this.closed = { code, reason: reason.toString('utf8') }));
  }

  /** Opens a socket, or rejects with the HTTP status the upgrade was refused with. */
  static open(supabaseUrl: string, query: Record<string, string>, path = '/realtime/v1/websocket'): Promise<RawSocket> {
    const url = new URL(path, supabaseUrl.replace(/^http/, 'ws'));
    for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
    const ws = new WebSocket(url);
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(new RawSocket(ws)));
      ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
      ws.once('error', reject);
    });
  }

  send(frame: unknown): void {
    this.ws.send(typeof frame === 'string' || Buffer.isBuffer(frame) ? frame : JSON.stringify(frame));
  }

  /** The first frame (vsn 2.0.0 array) matching, waiting for it. */
  next(match: (frame: Frame) => boolean, what: string): Promise<Frame> {
    return waitFor(() => (this.frames as Frame[]).find((f) => Array.isArray(f) && match(f)), what);
  }

  replyTo(ref: string): Promise<Frame> {
    return this.next((f) => f[1] === ref && f[3] === 'phx_reply', `a reply to ref ${ref}`);
  }

  whenClosed(): Promise<{ code: number; reason: string }> {
    return waitFor(() => this.closed, 'the socket closing');
  }

  close(): void {
    this.ws.terminate();
  }
}
