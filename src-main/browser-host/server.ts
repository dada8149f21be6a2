/**
 * The development and test host: the core under Node plus the built renderer on 127.0.0.1,
 * with the API over a WebSocket and evidence files streamed to a token-guarded upload endpoint
 * (upload-route.ts). The same router answers as in the Electron app, so end-to-end
 * tests drive the real UI against the real core. Not a production deployment.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type { CoreMessage } from '../../src-shared/protocol';
import { createCore, type Core } from '../core/core';
import { fileBackend, plainCodec } from '../core/secrets/file-backend';
import { createVault } from '../core/secrets/vault';
import { contentSecurityPolicy, isAllowedUpgrade, newToken, type HostIdentity } from './guard';
import { readStatic } from './static-files';
import { handleUpload, isUploadRoute } from './upload-route';

export interface BrowserHostOptions {
  dataDir: string;
  rendererDir: string;
  port?: number;
  /** Reuse this token (from the last run) instead of a new one. */
  token?: string;
  appVersion?: string;
  /** The host's command line and environment: IT's presets of the project (see README). */
  argv?: readonly string[];
  env?: NodeJS.ProcessEnv;
  /** Waits between reachability probes while offline (tests shorten them). */
  probeBackoffMs?: { first: number; max: number };
  heartbeatMs?: number;
}

export interface BrowserHost {
  /** The URL to open, with this run's token in the fragment (never sent to the server in logs). */
  url: string;
  origin: string;
  token: string;
  core: Core;
  close(): Promise<void>;
}

// Evidence files arrive by the upload endpoint (upload-route.ts), not in messages; voice
// training samples still travel as base64 inside one JSON message.
const MAX_MESSAGE_BYTES = 72 * 1024 * 1024;

/**
 * A development host has no OS keyring: the session stays in memory unless the user accepts, in
 * Settings, keeping it unencrypted in the data folder (owner-only file).
 */
const browserHostVault = (dataDir: string) =>
  createVault(
    fileBackend({
      folder: dataDir,
      protection: 'plaintext',
      explanation:
        'The browser host cannot encrypt your session, so it is kept in memory: you sign in again after the host restarts.',
      codec: plainCodec,
    }),
  );

export async function startBrowserHost(options: BrowserHostOptions): Promise<BrowserHost> {
  const core = createCore({
    dataDir: options.dataDir,
    appVersion: options.appVersion,
    secrets: browserHostVault(options.dataDir),
    argv: options.argv,
    env: options.env,
    probeBackoffMs: options.probeBackoffMs,
    heartbeatMs: options.heartbeatMs,
  });
  await core.ready;
  const identity: HostIdentity = { origin: '', host: '', token: options.token ?? newToken() };

  const server = createServer((req, res) => {
    if (req.headers.host === identity.host && isUploadRoute(new URL(req.url ?? '/', identity.origin).pathname)) {
      void handleUpload(req, res, identity, () => core.staged);
      return;
    }
    if (req.headers.host !== identity.host || (req.method !== 'GET' && req.method !== 'HEAD')) {
      res.writeHead(req.method === 'GET' || req.method === 'HEAD' ? 421 : 405).end();
      return;
    }
    const pathname = new URL(req.url ?? '/', identity.origin).pathname;
    void readStatic(options.rendererDir, pathname).then((file) => {
      if (!file) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
        return;
      }
      const headers: Record<string, string> = {
        'content-type': file.type,
        'x-content-type-options': 'nosniff',
        'cache-control': 'no-store',
      };
      if (file.isIndex) {
        headers['content-security-policy'] = contentSecurityPolicy(identity.origin);
        headers['referrer-policy'] = 'no-referrer';
      }
      res.writeHead(200, headers).end(req.method === 'HEAD' ? undefined : file.body);
    });
  });

  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_MESSAGE_BYTES,
  });
  server.on('upgrade', (req: IncomingMessage, socket, head) => {
    if (new URL(req.url ?? '/', identity.origin).pathname !== '/api' || !isAllowedUpgrade(identity, req.headers, req.url ?? '')) {
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => connect(ws));
  });

  const sockets = new Set<WebSocket>();
  function connect(ws: WebSocket) {
    sockets.add(ws);
    const send = (message: CoreMessage) => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
    };
    const unsubscribe = core.onEvent((name, payload) => send({ kind: 'event', name, payload }));
    ws.on('message', (data, isBinary) => {
      let raw: unknown;
      try {
        raw = isBinary ? undefined : JSON.parse(data.toString());
      } catch {
        raw = undefined;
      }
      void core.router.dispatch(raw, { actor: 'local' }).then((answer) => answer && send(answer));
    });
    ws.on('close', () => {
      unsubscribe();
      sockets.delete(ws);
    });
  }

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, '127.0.0.1', resolve);
    });
  } catch (error) {
    // A taken port: the caller may try another, with a core of its own.
    core.close();
    throw error;
  }
  const { port } = server.address() as AddressInfo;
  identity.host = `127.0.0.1:${port}`;
  identity.origin = `http://${identity.host}`;

  return {
    url: `${identity.origin}/#token=${identity.token}`,
    origin: identity.origin,
    token: identity.token,
    core,
    async close() {
      for (const ws of sockets) ws.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
      core.close();
    },
  };
}
