/**
 * Tells the server now and then that this computer is in use (`note_device_seen`), so Settings →
 * Devices shows when each computer was last seen and with which app version, also for computers
 * that never call an edge function. Best effort: a server without the RPC, or a failure, never
 * holds up sync.
 */
const EVERY_MS = 10 * 60_000;

export function deviceSeenNotifier(
  rpc: (name: string, args: Record<string, unknown>) => Promise<unknown>,
  appVersion: string,
  nowMs: () => number = Date.now,
): (deviceId: string) => void {
  let lastDevice = '';
  let lastAt = -Infinity;
  return (deviceId) => {
    if (deviceId === lastDevice && nowMs() - lastAt < EVERY_MS) return;
    lastDevice = deviceId;
    lastAt = nowMs();
    void rpc('note_device_seen', { p_device_id: deviceId, p_app_version: appVersion }).catch(() => undefined);
  };
}
