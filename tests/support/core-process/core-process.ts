/**
 * The real core as its own Node process (the browser host, see bundle.ts), driven over the same
 * token-guarded WebSocket and JSON messages the renderer uses. A test can SIGKILL it at any
 * moment, as a crash or a pulled plug would, and start it again on the same data folder.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { WebSocket } from 'ws';
import type { CoreMessage } from '../../../src-shared/protocol';
import type { Result } from '../../../src-shared/result';
import { browserHostBundle, ROOT } from './bundle.ts';

export interface CoreProcessOptions {
  dataDir: string;
  /** The Supabase project the core is preset to (IT presets): the fault proxy's URL in fault tests. */
  supabaseUrl: string;
  anonKey: string;
  env?: NodeJS.ProcessEnv;
  /** Milliseconds before giving up on the host printing its address (default 30 s; 2 busy cores). */
  startTimeoutMs?: number;
}

export interface CoreProcess {
  pid: number;
  dataDir: string;
  /** Calls one API method; rejects only when the process or its socket is gone. */
  call(ns: string, method: string, input?: unknown): Promise<Result<unknown>>;
  /** Calls and answers the value, or throws the error's code and message. */
  ok<T = Record<string, unknown>>(ns: string, method: string, input?: unknown): Promise<T>;
  /** Core events (sync progress, changes) since the process started. */
  events: { name: string; payload: unknown }[];
  /** SIGKILL: no shutdown handler runs, nothing is flushed. Settles when the process is gone. */
  kill9(): Promise<void>;
  /** SIGTERM: the host closes the core as on quit. */
  stop(): Promise<void>;
  /** Whatever the process printed (for failure messages). */
  output(): string;
}

export class CoreGone extends Error {}

const exitOf = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
  });

export async function startCoreProcess(options: CoreProcessOptions): Promise<CoreProcess> {
  const entry = await browserHostBundle();
  const child = spawn(
    process.execPath,
    [entry, '--data-dir', options.dataDir, '--supabase-url', options.supabaseUrl, '--supabase-anon-key', options.anonKey],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
      // The bundle lives in a temp folder: native modules (better-sqlite3) come from the project's.
      env: { ...process.env, NODE_PATH: path.join(ROOT, 'node_modules'), COMPLYFLOW_PROBE_MS: '50', ...options.env },
    },
  );
  let output = '';
  const exited = exitOf(child);
  const url = await new Promise<URL>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`core process did not start:\n${output}`)), options.startTimeoutMs ?? 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Open (http:\/\/127\.0\.0\.1:\d+\/#token=\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(new URL(match[1]));
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`core process exited (${child.exitCode ?? child.signalCode}) before it was ready:\n${output}`));
    });
  });
  const token = new URLSearchParams(url.hash.slice(1)).get('token') ?? '';
  const ws = new WebSocket(`ws://${url.host}/api?token=${encodeURIComponent(token)}`, { origin: url.origin });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });

  let nextId = 1;
  const pending = new Map<number, { resolve: (r: Result<unknown>) => void; reject: (e: Error) => void }>();
  const events: { name: string; payload: unknown }[] = [];
  ws.on('message', (data) => {
    const message = JSON.parse(data.toString()) as CoreMessage;
    if (message.kind === 'event') events.push({ name: message.name, payload: message.payload });
    else {
      pending.get(message.id)?.resolve(message.result);
      pending.delete(message.id);
    }
  });
  const failAll = () => {
    for (const waiter of pending.values()) waiter.reject(new CoreGone(`core process ${child.pid} is gone`));
    pending.clear();
  };
  ws.on('close', failAll);
  ws.on('error', failAll);

  const call = (ns: string, method: string, input: unknown = {}) =>
    new Promise<Result<unknown>>((resolve, reject) => {
      if (ws.readyState !== WebSocket.OPEN) return reject(new CoreGone(`core process ${child.pid} is gone`));
      const id = nextId++;
      pending.set(id, { resolve, reject });
      ws.send(JSON.stringify({ kind: 'call', id, ns, method, input }));
    });

  return {
    pid: child.pid!,
    dataDir: options.dataDir,
    call,
    async ok<T>(ns: string, method: string, input: unknown = {}) {
      const result = await call(ns, method, input);
      if (!result.ok) throw new Error(`${ns}.${method}: ${result.error.code} ${result.error.message}`);
      return result.value as T;
    },
    events,
    async kill9() {
      child.kill('SIGKILL');
      await exited;
      ws.terminate();
      failAll();
    },
    async stop() {
      child.kill('SIGTERM');
      await exited;
      ws.terminate();
      failAll();
    },
    output: () => output,
  };
}
