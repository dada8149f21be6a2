/**
 * A core signed in against the local stack (real PostgreSQL 15, the stand-in gateway, unmodified
 * supabase-js inside the core), and what a test needs to look at its files.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { createCore, type Core, type CoreOptions } from '../../../src-main/core/core';
import type { Stack } from '../../support/stack';

export const presets = (stack: Pick<Stack, 'supabaseUrl' | 'anonKey'>) => [
  '--supabase-url',
  stack.supabaseUrl,
  '--supabase-anon-key',
  stack.anonKey,
];

export function tempDataDir(): string {
  return mkdtempSync(path.join(os.tmpdir(), 'complyflow-auth-'));
}

export async function startCore(
  stack: Pick<Stack, 'supabaseUrl' | 'anonKey'>,
  dataDir: string,
  extra: Partial<CoreOptions> = {},
): Promise<Core> {
  const core = createCore({
    dataDir,
    argv: presets(stack),
    probeBackoffMs: { first: 50, max: 250 },
    log: { error: () => undefined },
    ...extra,
  });
  await core.ready;
  return core;
}

export const call = async (core: Core, ns: string, method: string, input: unknown = {}) =>
  core.router.call(ns, method, input, { actor: 'local' });

/** Calls and answers the value, or throws the error's message. */
export async function ok<T = Record<string, unknown>>(core: Core, ns: string, method: string, input: unknown = {}): Promise<T> {
  const result = await call(core, ns, method, input);
  if (!result.ok) throw new Error(`${ns}.${method}: ${result.error.code} ${result.error.message}`);
  return result.value as T;
}

/** Every file under the data folder's workspaces with its hash: to prove a refusal wrote nothing. */
export function workspaceSnapshot(dataDir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string) => {
    if (!existsSync(dir)) return;
    for (const name of readdirSync(dir)) {
      const file = path.join(dir, name);
      if (statSync(file).isDirectory()) walk(file);
      else if (!/-(wal|shm)$/.test(name))
        out[path.relative(dataDir, file)] = createHash('sha256').update(readFileSync(file)).digest('hex');
    }
  };
  walk(path.join(dataDir, 'workspaces'));
  return out;
}

/** Rows of an organization's replica file, read with a separate connection. */
export function replicaRows(dataDir: string, orgId: string, sql: string, ...params: unknown[]): Record<string, unknown>[] {
  const db = new Database(path.join(dataDir, 'workspaces', orgId, 'replica.sqlite3'), { readonly: true });
  try {
    return db.prepare(sql).all(...params) as Record<string, unknown>[];
  } finally {
    db.close();
  }
}

/** Asks until the answer is accepted (polling every 50 ms), or fails naming what did not happen. */
export async function until<T>(
  probe: () => Promise<T>,
  accept: (value: T) => boolean,
  what: string,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (accept(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what} did not happen; last: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
