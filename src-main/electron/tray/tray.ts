/**
 * Keeps ComplyFlow in the tray / menu bar after the last window closed, while changes wait to
 * be sent (Settings → Sync). The menu opens a window again, syncs now or quits; the app quits
 * by itself once nothing is left to send.
 */
import path from 'node:path';
import { app, Menu, nativeImage, Tray } from 'electron';
import type { SyncStatus } from '../../../src-shared/api/sync';
import type { CoreProcess } from '../core-process';
import { hasChangesToSend, onLastWindowClosed, trayTooltip } from './close-decision';
import { connectMainToCore } from './main-core-client';

/** The app icon: next to the app when packaged (extraResources), in the repo in development. */
function trayIcon() {
  const file = app.isPackaged
    ? path.join(process.resourcesPath, 'icons', 'icon.png')
    : path.join(__dirname, '..', '..', 'resources', 'icons', 'icon.png');
  return nativeImage.createFromPath(file).resize({ width: 16, height: 16 });
}

async function read<T>(pending: Promise<{ ok: true; value: T } | { ok: false }>): Promise<T | null> {
  const result = await pending;
  return result.ok ? result.value : null;
}

/**
 * Answers `window-all-closed`: quits, or moves to the tray when the preference is on and changes
 * wait. `openWindow` makes a new main window (Open ComplyFlow).
 */
export async function handleLastWindowClosed(core: CoreProcess, openWindow: () => void): Promise<void> {
  if (!core.running) return app.quit();
  const connection = connectMainToCore(core);
  const { api } = connection;
  const [preferences, status] = await Promise.all([read(api.sync.preferences({})), read(api.sync.status({}))]);
  if (onLastWindowClosed(preferences?.keepRunningInTray ?? false, status) === 'quit' || !status) {
    connection.close();
    app.quit();
    return;
  }
  // Without a window on macOS the Dock icon would only confuse: the menu bar item is the app now.
  app.dock?.hide();
  const tray = new Tray(trayIcon());
  const done = (then: () => void) => {
    stopListening();
    connection.close();
    tray.destroy();
    void app.dock?.show();
    then();
  };
  const update = (now: SyncStatus) => {
    if (!hasChangesToSend(now)) return done(() => app.quit());
    tray.setToolTip(trayTooltip(now));
  };
  const stopListening = api.events.on('sync.state', update);
  tray.setContextMenu(
    Menu.buildFromTemplate([
      { label: 'Open ComplyFlow', click: () => done(openWindow) },
      { label: 'Sync now', click: () => void read(api.sync.retryNow({})).then((now) => now && update(now)) },
      { type: 'separator' },
      { label: 'Quit', click: () => done(() => app.quit()) },
    ]),
  );
  update(status);
}
