/**
 * Where a host keeps its data, shared by the Electron shell and the browser host so both open
 * the same workspace: --data-dir, then COMPLYFLOW_DATA_DIR, else the platform's user-data
 * folder for this product name (the same place Electron's app.getPath('userData') uses).
 */
import os from 'node:os';
import path from 'node:path';

export const PRODUCT_NAME = 'ComplyFlow';

export function defaultUserDataDir(platform = process.platform, env = process.env, home = os.homedir()): string {
  if (platform === 'win32') return path.win32.join(env.APPDATA ?? path.win32.join(home, 'AppData', 'Roaming'), PRODUCT_NAME);
  if (platform === 'darwin') return path.posix.join(home, 'Library', 'Application Support', PRODUCT_NAME);
  return path.posix.join(env.XDG_CONFIG_HOME ?? path.posix.join(home, '.config'), PRODUCT_NAME);
}

/** --data-dir wins, then COMPLYFLOW_DATA_DIR, then the platform default. */
export function resolveDataDir(argv: readonly string[], env = process.env): string {
  const index = argv.findIndex((arg) => arg === '--data-dir' || arg.startsWith('--data-dir='));
  if (index >= 0) {
    const value = argv[index].includes('=') ? argv[index].slice('--data-dir='.length) : argv[index + 1];
    if (!value) throw new Error('--data-dir needs a folder');
    return path.resolve(value);
  }
  if (env.COMPLYFLOW_DATA_DIR) return path.resolve(env.COMPLYFLOW_DATA_DIR);
  return defaultUserDataDir();
}
