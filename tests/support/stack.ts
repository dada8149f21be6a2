// The local Supabase stack: a throwaway PostgreSQL 15 with the bootstrap and the migrations,
// the stand-in gateway over it, and (optionally) Deno serving supabase/functions. One per test
// file, or one for `npm run dev:stack`.
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import pg from 'pg';
import ws from 'ws';
import { fromPg } from './db.ts';
import { startFunctions, type DenoFunctions } from './deno.ts';
import { hashPassword } from './gateway/auth.ts';
import { JwtKeys } from './gateway/jwt.ts';
import { startGateway, type Gateway } from './gateway/server.ts';
import { StorageLog } from './gateway/storage-log.ts';
import { applyMigrations } from './migrations.ts';
import type { RealtimeOptions } from './realtime/endpoint.ts';
import { startPostgres, type PostgresServer } from './postgres.ts';

export interface Stack {
  supabaseUrl: string;
  anonKey: string;
  serviceRoleKey: string;
  databaseUrl: string;
  jwtSecret: string;
  gateway: Gateway;
  /** A superuser connection pool (bypasses RLS): for arranging and inspecting test data. */
  admin: pg.Pool;
  /** What Storage saw of resumable uploads: every tus request with its Upload-Offset (kept across gateway restarts). */
  storageLog(): StorageLog;
  createUser(email: string, password: string): Promise<string>;
  /** A supabase-js client signed in as this user (or anon, without credentials). */
  client(credentials?: { email: string; password: string }): Promise<SupabaseClient>;
  /**
   * The network goes away: the gateway stops listening (Postgres and every session stay), and
   * `gatewayUp` brings it back on the same address, as a laptop sees a project after Wi-Fi returns.
   */
  gatewayDown(): Promise<void>;
  gatewayUp(): Promise<void>;
  /**
   * PostgreSQL goes down and comes back on the same data and port (running transactions aborted,
   * see PostgresServer.restart). Pooled connections are cut; the pools reconnect on next use.
   */
  restartPostgres(options?: { mode?: 'fast' | 'immediate'; downMs?: number }): Promise<void>;
  stop(): Promise<void>;
}

export function supabaseClient(url: string, key: string): SupabaseClient {
  return createClient(url, key, {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
    realtime: { transport: ws as never },
  });
}

/**
 * A connection Postgres cuts (restartPostgres) is an 'error' event on its pool and on its client;
 * unheard, either would end the test process. The query that was running still fails as it should.
 */
function quietPool(pool: pg.Pool): pg.Pool {
  const ignore = () => undefined;
  pool.on('error', ignore);
  pool.on('connect', (client) => client.on('error', ignore));
  return pool;
}
const toleratesRestarts = (gateway: Gateway): Gateway => (quietPool(gateway.pool), gateway);

export interface StackOptions {
  functions?: boolean;
  port?: number;
  /** How long TOTP verify stays refused after 10 wrong codes in a row (default 5 minutes). */
  mfaCooldownMs?: number;
  /** Realtime stand-in settings (idle timeout of a silent socket). */
  realtime?: RealtimeOptions;
  /**
   * More environment for the edge functions (secrets a hosted project sets with `supabase secrets
   * set`), e.g. OPENAI_BASE_URL pointing at a stand-in. Merged over the project's own variables.
   */
  functionEnv?: Record<string, string>;
}

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const postgres: PostgresServer = await startPostgres();
  const cleanups: (() => Promise<void>)[] = [() => postgres.stop()];
  try {
    const setup = new pg.Client({ connectionString: postgres.url });
    await setup.connect();
    try {
      await applyMigrations(fromPg(setup));
    } finally {
      await setup.end();
    }
    const jwtSecret = randomBytes(32).toString('base64url');
    const keys = new JwtKeys(jwtSecret);
    const tenYears = 10 * 365 * 24 * 3600;
    const anonKey = await keys.sign({ role: 'anon', iss: 'supabase-local' }, tenYears);
    const serviceRoleKey = await keys.sign({ role: 'service_role', iss: 'supabase-local' }, tenYears);
    const storageRoot = mkdtempSync(join(tmpdir(), 'complyflow-storage-'));
    const storageLog = new StorageLog();
    cleanups.unshift(async () => rmSync(storageRoot, { recursive: true, force: true }));

    let functions: DenoFunctions | undefined;
    let gatewayPort = options.port;
    if (options.functions) {
      // Functions call back into the gateway, so its port must be known before Deno starts.
      const { freePort } = await import('./postgres.ts');
      gatewayPort ??= await freePort();
      functions = await startFunctions({
        SUPABASE_URL: `http://127.0.0.1:${gatewayPort}`,
        SUPABASE_ANON_KEY: anonKey,
        SUPABASE_SERVICE_ROLE_KEY: serviceRoleKey,
        SUPABASE_DB_URL: postgres.url,
        SUPABASE_JWT_SECRET: jwtSecret,
        ...options.functionEnv,
      });
      cleanups.unshift(() => functions!.stop());
    }
    const gatewayOptions = {
      databaseUrl: postgres.url,
      keys,
      storageRoot,
      functionsPort: functions?.port,
      port: gatewayPort,
      mfaCooldownMs: options.mfaCooldownMs,
      realtime: options.realtime,
      storageLog,
    };
    let gateway: Gateway | null = toleratesRestarts(await startGateway(gatewayOptions));
    const url = gateway.url;
    gatewayOptions.port = Number(new URL(url).port);
    cleanups.unshift(async () => void (await gateway?.close()));
    const current = () => {
      if (!gateway) throw new Error('the gateway is down (gatewayDown); call gatewayUp first');
      return gateway;
    };
    const admin = quietPool(new pg.Pool({ connectionString: postgres.url, max: 4 }));
    cleanups.unshift(() => admin.end());

    return {
      supabaseUrl: url,
      anonKey,
      serviceRoleKey,
      databaseUrl: postgres.url,
      jwtSecret,
      get gateway() {
        return current();
      },
      admin,
      storageLog: () => storageLog,
      async gatewayDown() {
        const running = current();
        gateway = null;
        await running.close();
      },
      async gatewayUp() {
        if (!gateway) gateway = toleratesRestarts(await startGateway(gatewayOptions));
      },
      async restartPostgres(options) {
        // A cut idle connection is an 'error' event on its pool; unheard, it would end the process.
        for (const pool of [admin, gateway?.pool])
          if (pool && pool.listenerCount('error') === 0) pool.on('error', () => undefined);
        await postgres.restart(options);
      },
      async createUser(email, password) {
        const id = randomUUID();
        await admin.query(`insert into auth.users (id, email, encrypted_password) values ($1, $2, $3)`, [
          id,
          email.toLowerCase(),
          hashPassword(password),
        ]);
        return id;
      },
      async client(credentials) {
        const client = supabaseClient(url, anonKey);
        if (credentials) {
          const { error } = await client.auth.signInWithPassword(credentials);
          if (error) throw new Error(`sign-in as ${credentials.email} failed: ${error.message}`);
        }
        return client;
      },
      async stop() {
        for (const cleanup of cleanups) await cleanup().catch(() => undefined);
      },
    };
  } catch (error) {
    for (const cleanup of cleanups) await cleanup().catch(() => undefined);
    throw error;
  }
}
