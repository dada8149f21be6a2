/**
 * Two (or more) real cores signed in to one organization on the local stack (real PostgreSQL
 * 15, the stand-in gateway, supabase-js inside each core): what the sync tests share.
 */
import type { Core } from '../../../src-main/core/core';
import type { SeededUser } from '../../support/seed';
import type { Stack } from '../../support/stack';
import { ok, startCore, tempDataDir, until } from '../auth/harness';

export { call, ok, replicaRows, until } from '../auth/harness';

export interface Device {
  core: Core;
  dataDir: string;
  user: SeededUser;
}

/** A core signed in as the user, with its organization open (the user's only membership). */
export async function signedInDevice(stack: Stack, user: SeededUser, dataDir = tempDataDir()): Promise<Device> {
  const core = await startCore(stack, dataDir, { syncPollMs: { first: 100, max: 400 } });
  await ok(core, 'account', 'signIn', { email: user.email, password: user.password });
  return { core, dataDir, user };
}

/** Restarts a device's core on the same data folder (the session is kept in memory only, so it signs in again). */
export async function restart(stack: Stack, device: Device): Promise<Device> {
  device.core.close();
  return signedInDevice(stack, device.user, device.dataDir);
}

export interface SyncStatusLike {
  state: string;
  pending: number;
  attention: number;
  conflicts: number;
  message: string | null;
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

/** Polls a record call until the answer is accepted. */
export const eventually = <T>(
  device: Device,
  ns: string,
  method: string,
  input: unknown,
  accept: (value: T) => boolean,
  what: string,
) => until(() => ok<T>(device.core, ns, method, input), accept, what);
