// The stand-in for a hosted Supabase project's API gateway, on 127.0.0.1: /auth/v1 (GoTrue),
// /rest/v1/rpc (PostgREST), /storage/v1/object and /storage/v1/upload/resumable (Storage),
// /functions/v1 (proxied to Deno).
// For tests and local development only: supabase-js and tus-js-client, unmodified, are its
// clients (resumable uploads at /storage/v1/upload/resumable, see tus.ts).
// /realtime/v1/websocket (Realtime, see tests/support/realtime/) is served on the same port.
// `gateway.tamper(mode)` (test-only, not an HTTP route) makes it misbehave on purpose: see
// tamper.ts for the modes ('expired-tokens', 'forged-tokens', 'not-uuid-memberships', 'token-500',
// null).
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { AuthRoutes } from './auth.ts';
import { HttpError, sendJson } from './http.ts';
import type { JwtKeys } from './jwt.ts';
import { RealtimeEndpoint, type RealtimeOptions } from '../realtime/endpoint.ts';
import { RestRoutes } from './rest.ts';
import { StorageLog } from './storage-log.ts';
import { StorageRoutes } from './storage.ts';
import { Tamper, type TamperMode } from './tamper.ts';
import { TUS_PATH } from './tus.ts';

export interface GatewayOptions {
  databaseUrl: string;
  keys: JwtKeys;
  storageRoot: string;
  /** Where the Deno functions server listens, if functions are served. */
  functionsPort?: number;
  port?: number;
  /** How long TOTP verify stays refused after 10 wrong codes in a row (default 5 minutes). */
  mfaCooldownMs?: number;
  realtime?: RealtimeOptions;
  /** Where Storage logs resumable-upload requests (kept across restarts by the stack). */
  storageLog?: StorageLog;
}

export interface Gateway {
  url: string;
  pool: pg.Pool;
  rest: RestRoutes;
  /** Test-only: issue broken tokens or membership lists from now on (null: behave again). */
  tamper(mode: TamperMode | null): void;
  /** Test-only: how many token requests the 'token-500' tamper mode answered 500 so far. */
  token500s(): number;
  /** Test-only: Realtime crashes (every socket dropped, new ones refused) until realtimeUp(). */
  realtimeDown(): void;
  realtimeUp(): void;
  close(): Promise<void>;
}

const CORS = {
  'access-control-allow-origin': '*',
  'access-control-allow-headers':
    'authorization, x-client-info, apikey, content-type, x-upsert, x-supabase-api-version, x-device-signature, x-device-id, x-device-timestamp, x-device-nonce, range, tus-resumable, upload-length, upload-metadata, upload-offset, upload-defer-length, upload-concat, x-requested-with',
  'access-control-expose-headers':
    'content-range, accept-ranges, content-length, location, upload-offset, upload-length, tus-resumable',
  'access-control-allow-methods': 'GET, POST, PUT, PATCH, HEAD, DELETE, OPTIONS',
};

function proxy(req: IncomingMessage, res: ServerResponse, port: number, path: string): Promise<void> {
  return new Promise((resolve) => {
    const upstream = httpRequest(
      { host: '127.0.0.1', port, method: req.method, path, headers: { ...req.headers, host: `127.0.0.1:${port}` } },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
        answer.on('end', resolve);
      },
    );
    upstream.on('error', (error) => {
      if (!res.headersSent) sendJson(res, 502, { message: `functions runtime unavailable: ${error.message}` });
      resolve();
    });
    req.pipe(upstream);
  });
}

export async function startGateway(options: GatewayOptions): Promise<Gateway> {
  const pool = new pg.Pool({ connectionString: options.databaseUrl, max: 20 });
  const tamper = new Tamper();
  // The issuer an authenticator app shows is only known once the port is; see below.
  const mfa = { cooldownMs: options.mfaCooldownMs, issuer: '127.0.0.1' };
  const auth = new AuthRoutes(pool, options.keys, tamper, mfa);
  const rest = new RestRoutes(pool, options.keys, tamper);
  const storage = new StorageRoutes(pool, options.keys, options.storageRoot, options.storageLog ?? new StorageLog());
  const realtime = new RealtimeEndpoint(pool, options.keys, options.databaseUrl, options.realtime);
  await realtime.start();

  const server: Server = createServer((req, res) => {
    void (async () => {
      for (const [k, v] of Object.entries(CORS)) res.setHeader(k, v);
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const path = url.pathname;
      // tus answers its own OPTIONS (Tus-Version, Tus-Extension, Tus-Max-Size).
      if (req.method === 'OPTIONS' && !path.startsWith(TUS_PATH)) return void res.writeHead(204).end();
      try {
        if (path.startsWith('/auth/v1/')) return await auth.handle(req, res, path.slice('/auth/v1'.length), url);
        if (path.startsWith('/rest/v1/')) return void (await rest.handle(req, res, path.slice('/rest/v1'.length)));
        if (path.startsWith('/storage/v1/')) return await storage.handle(req, res, path.slice('/storage/v1'.length), url);
        if (path.startsWith('/functions/v1/') && options.functionsPort) {
          return await proxy(req, res, options.functionsPort, path.slice('/functions/v1'.length) + url.search);
        }
        throw new HttpError(404, { message: `no route ${req.method} ${path}` });
      } catch (error) {
        if (res.headersSent) return void res.destroy();
        if (error instanceof HttpError) return sendJson(res, error.status, error.body, error.headers);
        sendJson(res, 500, { message: (error as Error).message });
      }
    })();
  });
  server.on('upgrade', (req, socket, head) => realtime.handleUpgrade(req, socket, head));
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    // The port is taken (gatewayUp racing another process): leave no LISTEN connection behind.
    await realtime.close();
    await pool.end();
    throw error;
  }
  const { port } = server.address() as AddressInfo;
  mfa.issuer = `127.0.0.1:${port}`;
  return {
    url: `http://127.0.0.1:${port}`,
    pool,
    rest,
    tamper: (mode) => tamper.set(mode),
    token500s: () => tamper.token500s,
    realtimeDown: () => realtime.down(),
    realtimeUp: () => realtime.up(),
    async close() {
      await realtime.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await pool.end();
    },
  };
}
