/**
 * Forks the core (dist/main/core-process.cjs) as a utilityProcess and connects windows to it:
 * each window gets its own MessageChannelMain, one end to the core, one end to the window.
 * If the core stops on its own, the app cannot work: the user is told why and the app quits.
 */
import path from 'node:path';
import { app, dialog, MessageChannelMain, utilityProcess, type MessagePortMain, type UtilityProcess } from 'electron';
import type { CoreProcessMessage, ParentMessage } from '../core/host/parent-port';
import type { SecretStore } from '../core/secrets/secret-store';
import type { UpdaterReport } from '../core/updates/updater-protocol';
import { answerSecretRequest } from './secrets/serve-secrets';
import { runShellRequest } from './files/shell-actions';

export interface CoreProcess {
  /** Creates a channel to the core for one window and returns the window's end. */
  connect(windowId: number): MessagePortMain;
  /** Asks the core to close its database and waits (at most `timeoutMs`) for it to exit. */
  stop(timeoutMs?: number): Promise<void>;
  readonly running: boolean;
  /** Update commands from the core (core/updates): main's updater carries them out. */
  onUpdaterCommand(listener: (command: unknown) => void): void;
  /** Sends the updater's report to the core. */
  reportUpdate(report: UpdaterReport): void;
}

/** Flags main passes on to the core: IT's presets of the Supabase project. */
const FORWARDED_FLAGS = ['--supabase-url', '--supabase-anon-key'];

export function forwardedFlags(argv: readonly string[]): string[] {
  const out: string[] = [];
  argv.forEach((arg, index) => {
    const name = FORWARDED_FLAGS.find((flag) => arg === flag || arg.startsWith(`${flag}=`));
    if (!name) return;
    const value = arg.includes('=') ? arg.slice(name.length + 1) : argv[index + 1];
    if (value && !value.startsWith('--')) out.push(`${name}=${value}`);
  });
  return out;
}

export function startCoreProcess(dataDir: string, secrets: SecretStore): CoreProcess {
  let running = true;
  let stopping = false;
  const child: UtilityProcess = utilityProcess.fork(
    path.join(__dirname, 'core-process.cjs'),
    [`--data-dir=${dataDir}`, `--app-version=${app.getVersion()}`, ...forwardedFlags(process.argv)],
    { serviceName: 'ComplyFlow Core', stdio: 'inherit' },
  );
  const send = (message: ParentMessage, ports?: MessagePortMain[]) => child.postMessage(message, ports);

  let fatal: string | null = null;
  const updaterListeners = new Set<(command: unknown) => void>();
  child.on('message', (message: CoreProcessMessage) => {
    if (message?.type === 'updater-command') for (const listener of updaterListeners) listener(message);
    if (message?.type === 'fatal') fatal = message.message;
    if (message?.type === 'secrets') void answerSecretRequest(secrets, message).then((answer) => answer && send(answer));
    // Open / Save a copy / Show in folder, asked by the core (core/host/parent-shell.ts).
    if (message?.type === 'shell-request')
      void runShellRequest(message, dataDir).then((reply) => reply && running && send(reply));
  });
  const exited = new Promise<void>((resolve) => {
    child.once('exit', (code) => {
      running = false;
      resolve();
      if (stopping) return;
      dialog.showErrorBox(
        'ComplyFlow cannot continue',
        fatal ??
          `The ComplyFlow core stopped unexpectedly (exit code ${code}). Your saved work is kept; please start ComplyFlow again.`,
      );
      app.exit(1);
    });
  });

  return {
    get running() {
      return running;
    },
    onUpdaterCommand(listener) {
      updaterListeners.add(listener);
    },
    reportUpdate(report) {
      if (running) send({ type: 'updater-report', report });
    },
    connect(windowId) {
      const { port1, port2 } = new MessageChannelMain();
      send({ type: 'connect', windowId }, [port1]);
      return port2;
    },
    async stop(timeoutMs = 3000) {
      if (!running) return;
      stopping = true;
      send({ type: 'shutdown' });
      const timer = new Promise<void>((resolve) => setTimeout(resolve, timeoutMs));
      await Promise.race([exited, timer]);
      if (running) child.kill();
    },
  };
}
