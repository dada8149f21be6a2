/**
 * Reads what main passes the core process on its command line: the data folder (required;
 * main always resolves it, from --data-dir, COMPLYFLOW_DATA_DIR or the user-data folder) and
 * the app version to report.
 */
import path from 'node:path';

export interface HostArgs {
  dataDir: string;
  appVersion?: string;
}

function option(argv: readonly string[], name: string): string | undefined {
  const index = argv.findIndex((arg) => arg === name || arg.startsWith(`${name}=`));
  if (index < 0) return undefined;
  const value = argv[index].includes('=') ? argv[index].slice(name.length + 1) : argv[index + 1];
  return value || undefined;
}

export function readHostArgs(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): HostArgs {
  const dataDir = option(argv, '--data-dir') ?? env.COMPLYFLOW_DATA_DIR;
  if (!dataDir) throw new Error('The core process needs --data-dir (or COMPLYFLOW_DATA_DIR).');
  return { dataDir: path.resolve(dataDir), appVersion: option(argv, '--app-version') };
}
