/** `npm run start:browser`: starts the browser host and prints the URL to open. */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { AppError } from '../../src-shared/errors';
import { resolveDataDir } from '../core/host/data-dir';
import { boundHeapGrowth } from '../core/host/heap-growth';
import { readHostSession, writeHostSession } from './host-session';
import { startBrowserHost, type BrowserHost } from './server';

async function main() {
  boundHeapGrowth();
  const argv = process.argv.slice(2);
  const dataDir = resolveDataDir(argv);
  const portArg = argv.find((arg) => arg.startsWith('--port='));
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const probeMs = Number(process.env.COMPLYFLOW_PROBE_MS) || 0;
  // The last run's port and token, so an open tab reconnects; a taken port means a fresh start.
  const last = portArg ? null : readHostSession(dataDir);
  const start = (port: number, token?: string) =>
    startBrowserHost({
      dataDir,
      rendererDir: path.resolve(__dirname, '..', 'renderer'),
      port,
      token,
      appVersion: process.env.npm_package_version,
      argv,
      env: process.env,
      // For tests and demos: how quickly the host notices the network and the session (milliseconds).
      ...(probeMs ? { probeBackoffMs: { first: probeMs, max: probeMs * 4 }, heartbeatMs: probeMs * 5 } : {}),
    });
  let host: BrowserHost;
  try {
    host = await start(portArg ? Number(portArg.slice('--port='.length)) : (last?.port ?? 0), last?.token);
  } catch (error) {
    if (!last || (error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    console.log(`Port ${last.port} is taken: starting on another port (open tabs must use the new address).`);
    host = await start(0);
  }
  writeHostSession(dataDir, { port: Number(new URL(host.origin).port), token: host.token });
  const workspace = await host.core.router.call('app', 'workspace', {}, { actor: 'local' });
  const name = workspace.ok ? (workspace.value as { name: string }).name : 'the local workspace';
  console.log(`ComplyFlow is running on ${name === 'Local workspace' ? 'the local workspace' : name} in ${dataDir}`);
  console.log(`Open ${host.url}`);
  const stop = () => void host.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof AppError ? `ComplyFlow cannot start: ${error.message}` : error);
  process.exit(1);
});
