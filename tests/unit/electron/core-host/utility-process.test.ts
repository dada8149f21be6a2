/**
 * Runs the real core-process entry (bundled the way build-main bundles it) with a real core
 * and SQLite file. Electron's utility process cannot run here, so a worker thread stands in:
 * it installs a `process.parentPort` and MessagePortMain-shaped ports over worker_threads
 * ports, delivering `{ data, ports }` events exactly as Electron does.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import { build } from 'esbuild';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createApiClient } from '../../../../src-shared/client';
import type { CoreMessage } from '../../../../src-shared/protocol';

const repo = path.resolve(__dirname, '../../../..');
let bundleDir: string;
let bundle: string;

beforeAll(async () => {
  // Inside node_modules so the bundle's require('better-sqlite3') resolves as in dist/main.
  mkdirSync(path.join(repo, 'node_modules', '.cache'), { recursive: true });
  bundleDir = mkdtempSync(path.join(repo, 'node_modules', '.cache', 'core-process-test-'));
  bundle = path.join(bundleDir, 'core-process.cjs');
  await build({
    entryPoints: [path.join(repo, 'src-main/core/host/utility-process.ts')],
    outfile: bundle,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    external: ['electron', 'better-sqlite3', 'electron-updater'],
    logLevel: 'warning',
  });
});
afterAll(() => rmSync(bundleDir, { recursive: true, force: true }));

const SHIM = `
const { parentPort: wt, workerData } = require('node:worker_threads');
const asMain = (port) => ({
  on(event, listener) {
    if (event === 'message') port.on('message', (data) => listener({ data, ports: [] }));
    else port.on(event, listener);
    return this;
  },
  postMessage: (message) => port.postMessage(message),
  start: () => port.start(),
  close: () => port.close(),
});
process.parentPort = {
  on(event, listener) {
    if (event === 'message') wt.on('message', (m) => listener({ data: m.data, ports: (m.ports || []).map(asMain) }));
    return this;
  },
  postMessage: (message) => wt.postMessage(message),
};
process.argv = [process.execPath, workerData.bundle, ...workerData.args];
require(workerData.bundle);
`;

interface Running {
  worker: Worker;
  messages: unknown[];
  exited: Promise<number>;
}

const workers: Worker[] = [];
const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(workers.splice(0).map((worker) => worker.terminate()));
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'complyflow-core-'));
  dirs.push(dir);
  return dir;
}

function startCore(args: string[]): Running {
  const worker = new Worker(SHIM, { eval: true, workerData: { bundle, args } });
  workers.push(worker);
  const messages: unknown[] = [];
  worker.on('message', (message: unknown) => messages.push(message));
  const exited = new Promise<number>((resolve) => worker.once('exit', resolve));
  return { worker, messages, exited };
}

/** Main's side of `connect`: a fresh channel, one end to the core, a client on the other. */
function connectWindow(core: Running, windowId: number) {
  const { port1, port2 } = new MessageChannel();
  core.worker.postMessage({ data: { type: 'connect', windowId }, ports: [port1] }, [port1]);
  const events: CoreMessage[] = [];
  const client = createApiClient({
    send: (message) => port2.postMessage(message),
    onMessage(receive) {
      port2.on('message', (message: CoreMessage) => {
        if (message.kind === 'event') events.push(message);
        receive(message);
      });
    },
  });
  return { client, events, port: port2 as MessagePort };
}

describe('the core process', () => {
  it('answers calls on each window port and sends events to every window', async () => {
    const dataDir = tempDir();
    const core = startCore([`--data-dir=${dataDir}`, '--app-version=9.9.9']);
    // The first start also loads the bundle (supabase-js included) cold.
    await expect.poll(() => core.messages, { timeout: 15_000 }).toContainEqual({ type: 'ready' });

    const first = connectWindow(core, 1);
    const second = connectWindow(core, 2);
    const workspace = await first.client.app.workspace({});
    expect(workspace).toMatchObject({ ok: true, value: { dataDir, appVersion: '9.9.9', kind: 'local' } });

    const created = await first.client.policies.create({ title: 'Access control' });
    expect(created.ok).toBe(true);
    const id = created.ok ? created.value.id : '';
    await expect
      .poll(() => second.events)
      .toContainEqual({ kind: 'event', name: 'data.changed', payload: { table: 'policies', ids: [id] } });
    expect(first.events).toContainEqual({ kind: 'event', name: 'data.changed', payload: { table: 'policies', ids: [id] } });

    // The router still validates what arrives on a port.
    const bad = await second.client.policies.get({ id: 42 } as never);
    expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });

    // A window going away does not disturb the others.
    first.port.close();
    const before = second.events.length;
    await second.client.policies.update({ id, title: 'Access control v2' });
    await expect
      .poll(() => second.events.slice(before))
      .toContainEqual({ kind: 'event', name: 'data.changed', payload: { table: 'policies', ids: [id] } });
    const listed = await second.client.policies.get({ id });
    expect(listed).toMatchObject({ ok: true, value: { title: 'Access control v2' } });
    second.port.close();

    core.worker.postMessage({ data: { type: 'shutdown' } });
    expect(await core.exited).toBe(0);
  });

  it('ignores messages from main it does not know, and connects without a port do nothing', async () => {
    const core = startCore([`--data-dir=${tempDir()}`]);
    // The first start also loads the bundle (supabase-js included) cold.
    await expect.poll(() => core.messages, { timeout: 15_000 }).toContainEqual({ type: 'ready' });
    core.worker.postMessage({ data: { type: 'format-disk' } });
    core.worker.postMessage({ data: null });
    core.worker.postMessage({ data: { type: 'connect', windowId: 1 } });
    const window = connectWindow(core, 2);
    await expect(window.client.app.workspace({})).resolves.toMatchObject({ ok: true });
    window.port.close();
  });

  it('tells main why it cannot start when the database is unusable, and exits', async () => {
    const dataDir = tempDir();
    const workspace = path.join(dataDir, 'workspaces', 'local');
    mkdirSync(workspace, { recursive: true });
    writeFileSync(path.join(workspace, 'replica.sqlite3'), 'this is not a database, it is a grocery list'.repeat(200));
    const core = startCore([`--data-dir=${dataDir}`]);
    expect(await core.exited).toBe(1);
    expect(core.messages).toEqual([{ type: 'fatal', message: expect.stringMatching(/not a ComplyFlow database/) }]);
  });

  it('refuses to start without a data folder', async () => {
    const core = startCore([]);
    expect(await core.exited).toBe(1);
    expect(core.messages).toEqual([{ type: 'fatal', message: expect.stringMatching(/--data-dir/) }]);
  });
});
