/**
 * electron-updater's AppAdapter for a run without Electron: what `app` would answer (version,
 * name, packaged, paths), and quit / onQuit so a test can quit the "app" and see the update
 * install as it would when the user quits. The real ElectronAppAdapter needs Electron's binary.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { AppAdapter } from 'electron-updater/out/AppAdapter';

export class StandInApp implements AppAdapter {
  readonly name = 'ComplyFlow';
  readonly isPackaged = true;
  readonly appUpdateConfigPath: string;
  readonly userDataPath: string;
  readonly baseCachePath: string;
  quits = 0;
  relaunches = 0;
  private quitHandlers: ((exitCode: number) => void)[] = [];

  constructor(
    readonly version: string,
    root: string,
    feedUrl: string,
  ) {
    this.userDataPath = path.join(root, 'user-data');
    this.baseCachePath = path.join(root, 'cache');
    const resources = path.join(root, 'resources');
    for (const dir of [this.userDataPath, this.baseCachePath, resources]) mkdirSync(dir, { recursive: true });
    // What electron-builder writes into the packaged app (resources/app-update.yml).
    this.appUpdateConfigPath = path.join(resources, 'app-update.yml');
    writeFileSync(this.appUpdateConfigPath, `provider: generic\nurl: ${feedUrl}\nupdaterCacheDirName: complyflow-updater\n`);
  }

  whenReady() {
    return Promise.resolve();
  }
  relaunch() {
    this.relaunches++;
  }
  quit() {
    this.quits++;
  }
  onQuit(handler: (exitCode: number) => void) {
    this.quitHandlers.push(handler);
  }
  /** The user quits the app: electron-updater's quit handlers run (install on quit). */
  userQuits() {
    for (const handler of this.quitHandlers) handler(0);
  }
}
