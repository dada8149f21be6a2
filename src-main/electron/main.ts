/**
 * Entry of the Electron shell (dist/main/electron-main.cjs). Thin on purpose: picks the data
 * folder, holds the single-instance lock, registers app://, forks the core and opens the
 * window. Every decision about what is allowed lives in ./security and ./protocol.
 */
import path from 'node:path';
import { app, dialog, safeStorage, session } from 'electron';
import { startCoreProcess, type CoreProcess } from './core-process';
import { chooseDataDir } from './data-dir';
import { hardenAllWebContents, lockDownSession } from './hardening';
import { handleCoreConnections } from './ipc';
import { handleDrops } from './files/drop-ipc';
import { registerAppScheme, serveRenderer } from './protocol';
import { handleLastWindowClosed } from './tray/tray';
import { startUpdater } from './updater';
import { safeStorageVault } from './secrets/safe-storage-vault';
import { createMainWindow, focusMainWindow, hasWindow, isOurWindow } from './windows';

function start() {
  const dataDir = chooseDataDir(process.argv, process.env, () => app.getPath('userData'));
  // Chromium's own files live with the data, so each data folder is its own instance.
  app.setPath('userData', dataDir);

  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  // From the tray there is no window to focus: a second start opens one.
  app.on('second-instance', () => {
    if (hasWindow()) focusMainWindow();
    else if (app.isReady()) createMainWindow();
  });

  app.enableSandbox();
  registerAppScheme();
  hardenAllWebContents();

  let core: CoreProcess | null = null;
  let quitting = false;
  app.on('will-quit', (event) => {
    if (!core?.running || quitting) return;
    // Let the core close its database before the app goes.
    event.preventDefault();
    quitting = true;
    void core.stop().finally(() => app.quit());
  });
  // Quits, unless the user asked to keep sending waiting changes from the tray (Settings → Sync).
  app.on('window-all-closed', () => {
    if (!core) return app.quit();
    void handleLastWindowClosed(core, createMainWindow).catch(() => app.quit());
  });

  void app.whenReady().then(() => {
    lockDownSession(session.defaultSession);
    serveRenderer(session.defaultSession, path.join(__dirname, '..', 'renderer'));
    // safeStorage works only after ready, and only here in main: the core asks for secrets over its port.
    core = startCoreProcess(dataDir, safeStorageVault(safeStorage, dataDir));
    handleCoreConnections(core, isOurWindow);
    handleDrops(dataDir, isOurWindow);
    createMainWindow();
    startUpdater();
  });
}

try {
  start();
} catch (error) {
  dialog.showErrorBox('ComplyFlow cannot start', error instanceof Error ? error.message : String(error));
  app.exit(1);
}
