/**
 * Entry of the core process (dist/main/core-process.cjs), forked by the Electron shell as a
 * utilityProcess. Opens the replica, then serves each window's MessagePort that main hands
 * over with a `connect` message; on `shutdown` closes the database and exits.
 */
import { mkdirSync } from 'node:fs';
import { z } from 'zod';
import { createCore, type Core } from '../core';
import { boundHeapGrowth } from './heap-growth';
import { readHostArgs } from './host-args';
import { clearTempCopies } from '../files/file-handoff';
import type { CoreProcessMessage, ParentPort } from './parent-port';
import { parentPortShell } from './parent-shell';
import { portSecretStore, SecretResult, type PortSecretStore } from './port-secret-store';
import { servePort } from './serve-port';
import { UpdaterReport } from '../updates/updater-protocol';

const ParentMessage = z.union([
  z.object({ type: z.literal('connect'), windowId: z.int() }),
  z.object({ type: z.literal('shutdown') }),
  SecretResult,
]);

function openCore(
  tell: (message: CoreProcessMessage) => void,
  secrets: PortSecretStore,
  desktop: ReturnType<typeof parentPortShell>,
): Core | null {
  try {
    const args = readHostArgs(process.argv);
    mkdirSync(args.dataDir, { recursive: true, mode: 0o700 });
    // Copies opened last time are done with: the apps that had them open are long closed.
    clearTempCopies(args.dataDir);
    // Flags and environment carry IT's presets of the project (--supabase-url, COMPLYFLOW_SUPABASE_URL).
    return createCore({
      dataDir: args.dataDir,
      appVersion: args.appVersion,
      secrets,
      desktop,
      // Update checks and installs run in main (electron-updater); the core decides what they may do.
      updater: { send: (command) => tell(command) },
      argv: process.argv,
      env: process.env,
    });
  } catch (error) {
    // A database from a newer version or a damaged file: main shows this message to the user.
    const message = error instanceof Error ? error.message : String(error);
    console.error(`core-process: cannot start: ${message}`);
    tell({ type: 'fatal', message });
    return null;
  }
}

function main(parentPort: ParentPort) {
  boundHeapGrowth();
  const tell = (message: CoreProcessMessage) => parentPort.postMessage(message);
  const secrets = portSecretStore(tell);
  const desktop = parentPortShell(parentPort);
  const core = openCore(tell, secrets, desktop);
  if (!core) {
    // Give the message to main a moment to leave before the process is gone.
    setTimeout(() => process.exit(1), 200);
    return;
  }
  parentPort.on('message', (event) => {
    if (desktop.onReply(event.data)) return;
    const update = UpdaterReport.safeParse(event.data);
    if (update.success) return core.updates.onReport(update.data.report);
    const message = ParentMessage.safeParse(event.data);
    if (!message.success) return;
    if (message.data.type === 'secrets-result') return secrets.receive(message.data);
    if (message.data.type === 'shutdown') {
      core.close();
      process.exit(0);
    }
    const [port] = event.ports;
    if (port) servePort(core, port);
  });
  tell({ type: 'ready' });
}

const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort;
if (parentPort) main(parentPort);
else {
  console.error('core-process: this entry runs only as an Electron utility process (no process.parentPort).');
  process.exitCode = 2;
}
