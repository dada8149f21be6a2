/**
 * What the app does when its last window closes, and whether it still has a reason to wait in
 * the tray (pure: no Electron, unit-tested). It stays only while changes wait that can still
 * be sent: a paused, signed-out or local workspace sends nothing, so waiting would only hide
 * a running app from the user.
 */
import type { SyncStatus } from '../../../src-shared/api/sync';

/** States in which the engine keeps trying (offline and error retry with backoff). */
const SENDING = new Set<SyncStatus['state']>(['idle', 'syncing', 'offline', 'error']);

/** True while keeping the app running in the tray would get changes to the server. */
export function hasChangesToSend(status: Pick<SyncStatus, 'state' | 'pending'> | null): boolean {
  return status !== null && status.pending > 0 && SENDING.has(status.state);
}

/**
 * On `window-all-closed`: `tray` when the user asked for it (Settings → Sync) and changes wait
 * to be sent, else `quit`. A status that could not be read (the core is gone) means quit.
 */
export function onLastWindowClosed(
  keepRunningInTray: boolean,
  status: Pick<SyncStatus, 'state' | 'pending'> | null,
): 'tray' | 'quit' {
  return keepRunningInTray && hasChangesToSend(status) ? 'tray' : 'quit';
}

/** The tray's tooltip: what it is still doing there. */
export function trayTooltip(status: Pick<SyncStatus, 'state' | 'pending'>): string {
  const changes = `${status.pending} ${status.pending === 1 ? 'change' : 'changes'}`;
  return status.state === 'offline' ? `ComplyFlow: offline, ${changes} waiting to be sent` : `ComplyFlow: sending ${changes}`;
}
