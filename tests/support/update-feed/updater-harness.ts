/**
 * The real electron-updater AppImageUpdater under Node, wired to the app's update driver
 * (src-main/electron/updater/update-driver.ts) and a stand-in app: what main runs, minus
 * Electron. Its HTTP goes through builder-util's NodeHttpExecutor (Electron's `net` is not
 * here), as electron-builder's own updater tests do. The "installed" AppImage is a file in the
 * test's folder (APPIMAGE), so an install replaces it for real.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { AppImageUpdater } from 'electron-updater';
import type { UpdaterPlan, UpdaterReport } from '../../../src-main/core/updates/updater-protocol';
import { createUpdateDriver, type UpdateDriver } from '../../../src-main/electron/updater/update-driver';
import { StandInApp } from './app-adapter';
import { NodeNetExecutor, provideElectronModuleStandIn } from './node-net';

export interface Harness {
  app: StandInApp;
  updater: AppImageUpdater;
  reports: UpdaterReport[];
  installedFile: string;
  installLog: string;
  driver: UpdateDriver;
  run(plan: Omit<Partial<UpdaterPlan>, 'offer'> & { offer?: Partial<UpdaterPlan['offer']> }): Promise<UpdaterReport[]>;
  send(command: 'download' | 'install'): Promise<void>;
}

export function makeHarness(
  root: string,
  options: {
    version: string;
    feedUrl: string;

    allowLoopbackHttp?: boolean;
    deviceId?: string;
    onReport?: (report: UpdaterReport) => void;
  },
): Harness {
  const app = new StandInApp(options.version, root, options.feedUrl);
  const installedFile = path.join(root, 'installed', 'ComplyFlow.AppImage');
  const installLog = path.join(root, 'install.log');
  writeFileSync(installLog, '');
  // AppImageUpdater reads these from the environment, as in a running AppImage.
  process.env.APPIMAGE = installedFile;
  process.env.COMPLYFLOW_TEST_INSTALL_LOG = installLog;
  const updater = new AppImageUpdater(undefined, app);
  provideElectronModuleStandIn();
  (updater as unknown as { httpExecutor: NodeNetExecutor }).httpExecutor = new NodeNetExecutor();
  updater.logger = null;
  const reports: UpdaterReport[] = [];
  const driver = createUpdateDriver(updater, {
    allowLoopbackHttp: options.allowLoopbackHttp ?? true,
    report: (report) => {
      reports.push(report);
      options.onReport?.(report);
    },
    defaultFeedUrl: () => Promise.resolve(options.feedUrl),
  });
  return {
    app,
    updater,
    reports,
    installedFile,
    installLog,
    driver,
    async run(partial) {
      const plan: UpdaterPlan = {
        feedUrl: null,
        channel: 'latest',
        allowDowngrade: false,
        autoDownload: true,
        autoInstallOnAppQuit: true,
        installAtLaunch: false,
        ...partial,
        offer: {
          currentVersion: options.version,
          deviceId: options.deviceId ?? 'device-1',
          policy: { pinnedVersion: null, minimumVersion: null, rolloutPercent: 100 },
          ...partial.offer,
        },
      };
      const from = reports.length;
      await driver.handle({ type: 'updater-command', command: 'configure', plan });
      await driver.handle({ type: 'updater-command', command: 'check' });
      return reports.slice(from);
    },
    send: (command) => driver.handle({ type: 'updater-command', command }),
  };
}
