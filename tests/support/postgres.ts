// Starts a throwaway Debian PostgreSQL 15 cluster on 127.0.0.1 for one test file or one dev
// session: initdb into a temp folder (as user postgres when we are root, since initdb refuses
// to run as root), a free port, the unix socket inside the temp folder. stop() shuts it down
// and removes the folder; restart() stops and starts it on the same folder and port (fault tests).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export interface PostgresServer {
  /** postgres://postgres@127.0.0.1:PORT/postgres (trust auth, loopback only). */
  url: string;
  port: number;
  dataDir: string;
  /**
   * Stops the server and starts it again on the same data and port. `fast` (default) aborts every
   * running transaction and cuts every connection, then shuts down cleanly: what clients see of a
   * restart. `immediate` stops it as a crash would, but this cluster runs with
   * synchronous_commit=off, so the last commits (up to wal_writer_delay) may be lost: use it only
   * where that is the point. `downMs` keeps it down that long before starting again.
   */
  restart(options?: { mode?: 'fast' | 'immediate'; downMs?: number }): Promise<void>;
  stop(): Promise<void>;
}

const PG_BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';

function asPostgresUser(cmd: string, args: string[]): [string, string[]] {
  if (process.getuid?.() === 0) return ['runuser', ['-u', 'postgres', '--', cmd, ...args]];
  return [cmd, args];
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      if (address === null || typeof address === 'string') return reject(new Error('no port'));
      server.close(() => resolve(address.port));
    });
  });
}

function ownByPostgres(path: string): void {
  if (process.getuid?.() !== 0) return;
  const uid = Number(spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).stdout.trim());
  const gid = Number(spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).stdout.trim());
  if (!Number.isInteger(uid) || !Number.isInteger(gid)) throw new Error('user postgres not found');
  chownSync(path, uid, gid);
}

async function waitUntilReady(url: string, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`postgres exited early:\n${log()}`);
    const client = new pg.Client({ connectionString: url });
    try {
      await client.connect();
      await client.end();
      return;
    } catch {
      await client.end().catch(() => undefined);
      if (Date.now() > deadline) throw new Error(`postgres did not become ready:\n${log()}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

/**
 * pg_cron, as Supabase runs it, when this Postgres has it (postgresql-15-cron; CI installs it):
 * it only loads at server start, in the one database its jobs run in.
 */
function cronSettings(): string[] {
  const libDir = spawnSync(join(PG_BIN, 'pg_config'), ['--pkglibdir'], { encoding: 'utf8' }).stdout?.trim();
  if (!libDir || !existsSync(join(libDir, 'pg_cron.so'))) return [];
  return ['-c', 'shared_preload_libraries=pg_cron', '-c', 'cron.database_name=postgres'];
}

export async function startPostgres(): Promise<PostgresServer> {
  if (!existsSync(join(PG_BIN, 'initdb'))) {
    throw new Error(`PostgreSQL 15 not found in ${PG_BIN} (set PG_BIN, or apt-get install postgresql-15)`);
  }
  const root = mkdtempSync(join(tmpdir(), 'complyflow-pg-'));
  ownByPostgres(root);
  const dataDir = join(root, 'data');
  const [initCmd, initArgs] = asPostgresUser(join(PG_BIN, 'initdb'), [
    '-D',
    dataDir,
    '-U',
    'postgres',
    '--auth=trust',
    '-E',
    'UTF8',
    '--locale=C.UTF-8',
    '--no-sync',
  ]);
  const init = spawnSync(initCmd, initArgs, { encoding: 'utf8' });
  if (init.status !== 0) throw new Error(`initdb failed:\n${init.stdout}\n${init.stderr}`);

  const port = await freePort();
  const [cmd, args] = asPostgresUser(join(PG_BIN, 'postgres'), [
    '-D',
    dataDir,
    '-p',
    String(port),
    '-k',
    root,
    '-c',
    'listen_addresses=127.0.0.1',
    '-c',
    'fsync=off',
    '-c',
    'synchronous_commit=off',
    '-c',
    'full_page_writes=off',
    '-c',
    'max_connections=60',
    ...cronSettings(),
  ]);
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  const launch = async () => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
    await waitUntilReady(url, child, () => output);
    return child;
  };
  const shutdown = async (child: ChildProcess, mode: 'fast' | 'immediate') => {
    const exited = new Promise<void>((resolve) => {
      if (child.exitCode !== null) resolve();
      else child.once('exit', () => resolve());
    });
    const [stopCmd, stopArgs] = asPostgresUser(join(PG_BIN, 'pg_ctl'), ['stop', '-D', dataDir, '-m', mode, '-w']);
    spawnSync(stopCmd, stopArgs, { encoding: 'utf8' });
    await exited;
  };
  let child = await launch();

  let stopped = false;
  return {
    url,
    port,
    dataDir,
    async restart({ mode = 'fast', downMs = 0 } = {}) {
      if (stopped) throw new Error('postgres was stopped; it cannot restart');
      await shutdown(child, mode);
      if (downMs > 0) await new Promise((resolve) => setTimeout(resolve, downMs));
      child = await launch();
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      await shutdown(child, 'fast');
      rmSync(root, { recursive: true, force: true });
    },
  };
}
