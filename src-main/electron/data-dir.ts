/**
 * Where the app keeps its data: --data-dir, then COMPLYFLOW_DATA_DIR (both resolved the same
 * way as the browser host does), else Electron's user-data folder.
 */
import { resolveDataDir } from '../core/host/data-dir';

export function chooseDataDir(argv: readonly string[], env: NodeJS.ProcessEnv, userDataDir: () => string): string {
  const given = argv.some((arg) => arg === '--data-dir' || arg.startsWith('--data-dir=')) || Boolean(env.COMPLYFLOW_DATA_DIR);
  return given ? resolveDataDir(argv, env) : userDataDir();
}
