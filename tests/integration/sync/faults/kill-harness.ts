/**
 * What every kill and fault test shares: a stack with one seeded org, the fault proxy in front of
 * its gateway, and devices = real core processes (see tests/support/core-process) signed in
 * through the proxy, with the session kept on disk so a restart after SIGKILL resumes it.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { startCoreProcess, type CoreProcess } from '../../../support/core-process/core-process';
import { startFaultProxy, type FaultProxy } from '../../../support/fault-proxy/proxy';
import { seedOrg, type SeededOrg, type SeededUser } from '../../../support/seed';
import { startStack, type Stack } from '../../../support/stack';

export interface FaultWorld {
  stack: Stack;
  org: SeededOrg;
  proxy: FaultProxy;
  stop(): Promise<void>;
}

export async function startFaultWorld(): Promise<FaultWorld> {
  const stack = await startStack();
  try {
    const org = await seedOrg(stack, 'Faulty Networks Ltd');
    const proxy = await startFaultProxy({ target: stack.supabaseUrl });
    return {
      stack,
      org,
      proxy,
      async stop() {
        await proxy.close();
        await stack.stop();
      },
    };
  } catch (error) {
    await stack.stop();
    throw error;
  }
}

/** One laptop: a data folder and the core process currently running on it (none after a kill). */
export interface Device {
  dataDir: string;
  user: SeededUser;
  core: CoreProcess;
  /** Starts the core again on the same folder (after kill9 or stop). */
  restart(): Promise<CoreProcess>;
}

export async function startDevice(world: FaultWorld, user: SeededUser, env: NodeJS.ProcessEnv = {}): Promise<Device> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'complyflow-fault-'));
  const launch = () => startCoreProcess({ dataDir, supabaseUrl: world.proxy.url, anonKey: world.stack.anonKey, env });
  const device: Device = {
    dataDir,
    user,
    core: await launch(),
    async restart() {
      device.core = await launch();
      return device.core;
    },
  };
  await device.core.ok('account', 'acceptSecretRisk', { accepted: true });
  await device.core.ok('account', 'signIn', { email: user.email, password: user.password });
  return device;
}

/** Reads an organization's replica with a separate read-only connection (the core may be dead). */
export function replicaRows<T = Record<string, unknown>>(device: Device, orgId: string, sql: string, ...params: unknown[]): T[] {
  const db = new Database(path.join(device.dataDir, 'workspaces', orgId, 'replica.sqlite3'), { readonly: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
