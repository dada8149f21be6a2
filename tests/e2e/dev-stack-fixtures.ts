/**
 * End-to-end tests against `npm run dev:stack` (PostgreSQL 15, the stand-in gateway, the seeded
 * demo organization): one stack per Playwright worker, and a browser host per test whose
 * connection is preset on its command line, as IT would. `network(false)` takes the stack's
 * gateway off the network (dev:stack's `offline` command) and `network(true)` brings it back;
 * `corrupt(bucket, name)` damages a stored object.
 */
import { test as base } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, startHost, stopChild, type Host } from './fixtures';

export interface DevStackUser {
  id: string;
  email: string;
  password: string;
  org: string;
  orgName: string;
  role: 'owner' | 'admin' | 'compliance_officer' | 'auditor' | 'viewer';
  displayName: string;
}

export interface DevStack {
  supabaseUrl: string;
  anonKey: string;
  /** The stack's Postgres, as its superuser: for arranging what a server operator would do. */
  databaseUrl: string;
  users: DevStackUser[];
  /** The OpenAI stand-in's base URL (…/v1); its controls are at …/__stand-in/. */
  openaiUrl: string;
  /** The user of Demo Compliance Co with that role. */
  user(role: DevStackUser['role']): DevStackUser;
  network(up: boolean): Promise<void>;
  /** Makes a stored object's bytes wrong on the server (dev:stack's `corrupt` command): a damaged file. */
  corrupt(bucket: string, name: string): Promise<void>;
}

const ROOT = path.resolve(__dirname, '..', '..');

async function startDevStack(functions: boolean): Promise<{ stack: DevStack; child: ChildProcess }> {
  const child = spawn(process.execPath, [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'tests/support/dev-stack.ts'], {
    cwd: ROOT,
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, DEV_STACK_PORT: '0', DEV_STACK_FUNCTIONS: functions ? '1' : '0' },
  });
  let output = '';
  const waitFor = (pattern: RegExp) =>
    new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`dev:stack did not say ${pattern}:\n${output}`)), 60_000);
      const check = () => {
        const match = pattern.exec(output);
        if (!match) return;
        clearTimeout(timer);
        output = output.slice(match.index + match[0].length);
        child.stdout!.off('data', onData);
        resolve(match[0]);
      };
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        check();
      };
      child.stdout!.on('data', onData);
      check();
    });
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const line = JSON.parse(await waitFor(/^\{.*\}$/m)) as Omit<DevStack, 'user' | 'network'>;
  const stack: DevStack = {
    ...line,
    user: (role) => line.users.find((u) => u.role === role && u.orgName === 'Demo Compliance Co')!,
    async network(up) {
      const said = waitFor(up ? /^gateway: up$/m : /^gateway: down$/m);
      child.stdin!.write(up ? 'online\n' : 'offline\n');
      await said;
    },
    async corrupt(bucket, name) {
      const said = waitFor(/^storage: .*$/m);
      child.stdin!.write(`corrupt ${bucket} ${name}\n`);
      const answer = await said;
      if (answer !== `storage: corrupted ${bucket}/${name}`) throw new Error(answer);
    },
  };
  return { stack, child };
}

export interface OrgHost extends Host {
  /** Options passed to every start of this host (restart included). */
  readonly args: string[];
}

export const test = base.extend<{ orgHost: OrgHost }, { devStack: DevStack; devStackFunctions: boolean }>({
  /** Serve the edge functions with real Deno (and the provider stand-ins): `test.use({ devStackFunctions: true })`. */
  devStackFunctions: [false, { scope: 'worker', option: true }],
  devStack: [
    async ({ devStackFunctions }, use) => {
      const { stack, child } = await startDevStack(devStackFunctions);
      await use(stack);
      await stopChild(child);
    },
    { scope: 'worker', timeout: 120_000 },
  ],
  orgHost: async ({ devStack }, use) => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'complyflow-e2e-org-'));
    const args = ['--supabase-url', devStack.supabaseUrl, '--supabase-anon-key', devStack.anonKey];
    const env = { COMPLYFLOW_PROBE_MS: '200' };
    let running = await startHost(dataDir, args, env);
    const host: OrgHost = {
      dataDir,
      args,
      get url() {
        return running.url;
      },
      async restart() {
        await stopChild(running.child);
        running = await startHost(dataDir, args, env);
      },
      async stop() {
        await stopChild(running.child);
      },
    };
    await use(host);
    await stopChild(running.child);
    rmSync(dataDir, { recursive: true, force: true });
  },
});

export { expect };
