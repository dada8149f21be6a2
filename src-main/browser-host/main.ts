/** `npm run start:browser`: starts the browser host and prints the URL to open. */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { AppError } from '../../src-shared/errors';
import { startBrowserHost } from './server';
import { resolveDataDir } from './user-data-dir';

async function main() {
  const argv = process.argv.slice(2);
  const dataDir = resolveDataDir(argv);
  const portArg = argv.find((arg) => arg.startsWith('--port='));
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const host = await startBrowserHost({
    dataDir,
    rendererDir: path.resolve(__dirname, '..', 'renderer'),
    port: portArg ? Number(portArg.slice('--port='.length)) : 0,
    appVersion: process.env.npm_package_version,
  });
  console.log(`ComplyFlow is running on the local workspace in ${dataDir}`);
  console.log(`Open ${host.url}`);
  const stop = () => void host.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof AppError ? `ComplyFlow cannot start: ${error.message}` : error);
  process.exit(1);
});
