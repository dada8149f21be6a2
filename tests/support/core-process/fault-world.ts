/**
 * What every kill and fault test (and bench/sync-*.ts) shares: a stack with one seeded org, and
 * devices = real core processes (core-process.ts), each behind its own fault proxy in front of
 * the gateway, signed in through it, with the session kept on disk so a restart after SIGKILL
 * resumes it.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { startFaultProxy, type FaultProxy } from '../fault-proxy/proxy.ts';
import { seedOrg, type SeededOrg, type SeededUser } from '../seed.ts';
import { startStack, type Stack } from '../stack.ts';
import { startCoreProcess, type CoreProcess } from './core-process.ts';

export interface FaultWorld {
  stack: Stack;
  org: SeededOrg;
  devices: Device[];
  stop(): Promise<void>;
}

export async function startFaultWorld(): Promise<FaultWorld> {
  const stack = await startStack();
  try {
    const org = await seedOrg(stack, 'Faulty Networks Ltd');
    const world: FaultWorld = {
      stack,
      org,
      devices: [],
      async stop() {
        for (const device of world.devices) {
          await device.core.kill9().catch(() => undefined);
          await device.proxy.close();
        }
        await stack.stop();
      },
    };
    return world;
  } catch (error) {
    await stack.stop();
    throw error;
  }
}

/** One laptop: a data folder, its network (a fault proxy), and the core process running on it. */
export interface Device {
  name: string;
  dataDir: string;
  user: SeededUser;
  proxy: FaultProxy;
  core: CoreProcess;
  /** Starts the core again on the same folder (after kill9 or stop). */
  restart(): Promise<CoreProcess>;
  /** The organization whose replica the device has open. */
  orgId(): string;
}

export async function startDevice(
  world: FaultWorld,
  name: string,
  user: SeededUser,
  env: NodeJS.ProcessEnv = {},
): Promise<Device> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'complyflow-fault-'));
  // Faults hit the data API (rpc push/pull/sync_info/register_device, storage). Auth is left
  // alone: a refresh the server refuses ends the session by design, which is another test.
  const proxy = await startFaultProxy({
    target: world.stack.supabaseUrl,
    match: ({ path }) => path.startsWith('/rest/v1/') || path.startsWith('/storage/v1/'),
  });
  const launch = () => startCoreProcess({ dataDir, supabaseUrl: proxy.url, anonKey: world.stack.anonKey, env });
  const device: Device = {
    name,
    dataDir,
    user,
    proxy,
    core: await launch(),
    async restart() {
      device.core = await launch();
      return device.core;
    },
    orgId: () => world.org.id,
  };
  world.devices.push(device);
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
