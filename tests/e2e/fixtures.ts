/**
 * Every end-to-end test gets its own data folder and its own browser host process (the built
 * app: dist/main/browser-host.cjs serving dist/renderer), and can restart that host on the
 * same folder to prove what survives.
 */
import { test as base, expect, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface Host {
  dataDir: string;
  url: string;
  /** Stops the host process (as a user quitting the app would) and starts it again on the same data. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

const ROOT = path.resolve(__dirname, '..', '..');
/** The built app: dist/ by default; COMPLYFLOW_DIST points at another build (parallel work). */
const DIST = process.env.COMPLYFLOW_DIST ? path.resolve(process.env.COMPLYFLOW_DIST) : path.join(ROOT, 'dist');

/** Starts the built browser host on a data folder, with extra flags and environment (IT presets). */
export async function startHost(
  dataDir: string,
  args: readonly string[] = [],
  env: NodeJS.ProcessEnv = {},
): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [path.join(DIST, 'main/browser-host.cjs'), '--data-dir', dataDir, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`browser host did not start:\n${output}`)), 15_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Open (http:\/\/127\.0\.0\.1:\d+\/#token=\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`browser host exited with ${code}:\n${output}`)));
  });
  return { child, url };
}

export const stopChild = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });

export const test = base.extend<{ host: Host; app: Page }>({
  host: async ({}, use) => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'complyflow-e2e-'));
    let running = await startHost(dataDir);
    const host: Host = {
      dataDir,
      get url() {
        return running.url;
      },
      async restart() {
        await stopChild(running.child);
        running = await startHost(dataDir);
      },
      async stop() {
        await stopChild(running.child);
      },
    };
    await use(host);
    await stopChild(running.child);
    rmSync(dataDir, { recursive: true, force: true });
  },
  /** The app opened on the host's URL, with the workspace loaded. */
  app: async ({ page, host }, use) => {
    await page.goto(host.url);
    await expect(page.getByTestId('workspace-name')).toHaveText('Local workspace');
    await use(page);
  },
});

export { expect };
