/**
 * The updater in main: electron-updater's autoUpdater (AppImageUpdater / NsisUpdater /
 * MacUpdater for the platform) driven by the core's plan over the core process's port. Only a
 * packaged app updates itself. Test mode (plain http to a loopback feed) needs an unpackaged app
 * and COMPLYFLOW_UPDATER_TEST_FEED=1 in main's own environment: nothing the renderer can reach.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { app } from 'electron';
import { autoUpdater } from 'electron-updater';
import { UpdaterCommand } from '../../core/updates/updater-protocol';
import type { CoreProcess } from '../core-process';
import { feedUrlFromAppUpdateYml } from './app-update-config';
import { createUpdateDriver } from './update-driver';

export function startUpdater(core: CoreProcess): void {
  const testMode = !app.isPackaged && process.env.COMPLYFLOW_UPDATER_TEST_FEED === '1';
  if (!app.isPackaged && !testMode) return;
  autoUpdater.forceDevUpdateConfig = testMode;
  autoUpdater.on('error', (error) => console.error('[updater]', error.message));
  const driver = createUpdateDriver(autoUpdater, {
    allowLoopbackHttp: testMode,
    report: (report) => core.reportUpdate(report),
    defaultFeedUrl: async () => {
      const file = testMode
        ? path.join(app.getAppPath(), 'dev-app-update.yml')
        : path.join(process.resourcesPath, 'app-update.yml');
      return feedUrlFromAppUpdateYml(await readFile(file, 'utf8').catch(() => ''));
    },
  });
  core.onUpdaterCommand((message) => {
    const command = UpdaterCommand.safeParse(message);
    if (!command.success) return console.error('[updater] ignored a malformed command from the core');
    void driver.handle(command.data).catch((error: unknown) => console.error('[updater]', error));
  });
}
