/**
 * Checks the update feed (electron-builder.yml `publish`, written into app-update.yml at
 * packaging time) once at start in a packaged app, downloads in the background and installs on
 * quit. Channels and staged rollout are decided by the feed; pinning and minimum versions are
 * later work.
 */
import { app } from 'electron';
import { autoUpdater } from 'electron-updater';

export function startUpdater(): void {
  if (!app.isPackaged) return;
  autoUpdater.autoDownload = true;
  autoUpdater.autoInstallOnAppQuit = true;
  autoUpdater.allowDowngrade = false;
  autoUpdater.on('error', (error) => console.error('[updater]', error.message));
  autoUpdater.checkForUpdates().catch((error: unknown) => console.error('[updater] check failed', error));
}
