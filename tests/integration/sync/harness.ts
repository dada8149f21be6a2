/**
 * Two (or more) real cores signed in to one organization on the local stack (real PostgreSQL
 * 15, the stand-in gateway, supabase-js inside each core): what the sync tests share.
 */
import type { Core, CoreOptions } from '../../../src-main/core/core';
import type { SeededUser } from '../../support/seed';
import type { Stack } from '../../support/stack';
import { call, ok, startCore, tempDataDir, until } from '../auth/harness';
import { openLink, type Link } from './link';

export { call, ok, replicaRows, until } from '../auth/harness';

export interface Device {
  core: Core;
  dataDir: string;
  user: SeededUser;
  /** This device's own network link to the project (cut it to take the device offline). */
  link: Link;
}

/**
 * A core signed in as the user, with its organization open (the user's only membership),
 * reaching the project through its own link.
 */
export async function signedInDevice(
  stack: Stack,
  user: SeededUser,
  options: { dataDir?: string; link?: Link; core?: Partial<CoreOptions> } = {},
): Promise<Device> {
  const own = options.link ?? (await openLink(stack.supabaseUrl));
  const dataDir = options.dataDir ?? tempDataDir();
  const core = await startCore({ supabaseUrl: own.url, anonKey: stack.anonKey }, dataDir, {
    syncPollMs: { first: 100, max: 400 },
    ...options.core,
  });
  await ok(core, 'account', 'signIn', { email: user.email, password: user.password });
  return { core, dataDir, user, link: own };
}

/** Restarts a device's core on the same data folder (the session is kept in memory only, so it signs in again). */
export async function restart(stack: Stack, device: Device, core: Partial<CoreOptions> = {}): Promise<Device> {
  device.core.close();
  return signedInDevice(stack, device.user, { dataDir: device.dataDir, link: device.link, core });
}

export async function closeDevice(device: Device | undefined): Promise<void> {
  if (!device) return;
  device.core.close();
  await device.link.close();
}

export interface SyncStatusLike {
  state: string;
  pending: number;
  attention: number;
  conflicts: number;
  message: string | null;
  pausedReason: string | null;
  requiredVersion?: { minimum: string; current: string } | null;
}

export const syncStatus = (device: Device) => ok<SyncStatusLike>(device.core, 'sync', 'status');

/** Waits until nothing waits to be sent and a round ended well. */
export async function settled(device: Device, what = 'sync to settle'): Promise<SyncStatusLike> {
  return until(
    async () => {
      await ok(device.core, 'sync', 'retryNow');
      return syncStatus(device);
    },
    (s) => s.state === 'idle' && s.pending === 0,
    what,
  );
}

/** Polls a record call until it answers (a record not there yet is NOT_FOUND) and the answer is accepted. */
export async function eventually<T>(
  device: Device,
  ns: string,
  method: string,
  input: unknown,
  accept: (value: T) => boolean,
  what: string,
): Promise<T> {
  const result = await until(
    () => call(device.core, ns, method, input),
    (answer) => answer.ok && accept(answer.value as T),
    what,
  );
  return (result as { value: T }).value;
}
