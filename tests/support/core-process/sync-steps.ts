/**
 * Small steps fault tests take with a device: take its network away or give it back (its
 * proxy), sync until nothing waits, and wait for something to show in its replica.
 */
import type { SyncStatus } from '../../../src-shared/api/sync';
import type { Device } from './fault-world.ts';

/** Every data-API request is dropped (the connection closes): offline as far as sync can tell. */
export const goOffline = (device: Device) =>
  device.proxy.setSchedule({ seed: 1, rate: 1, weights: { drop: 1, reset: 0, delay: 0, cut: 0, error500: 0, status429: 0 } });
export const goOnline = (device: Device) => device.proxy.setSchedule(null);

export async function until<T>(
  probe: () => Promise<T>,
  accept: (value: T) => boolean,
  what: string,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (accept(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what} did not happen in ${timeoutMs} ms; last: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Sync rounds until the device has nothing waiting and the round ended well. */
export const syncUntilIdle = (device: Device, timeoutMs?: number) =>
  until(
    () => device.core.ok<SyncStatus>('sync', 'retryNow', {}),
    (s) => s.state === 'idle' && s.pending === 0,
    `${device.name} syncing everything`,
    timeoutMs,
  );
