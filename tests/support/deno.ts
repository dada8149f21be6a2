// Starts Deno serving supabase/functions (the npm `deno` binary), with the environment a hosted
// project gives its functions. Resolves once it listens; stop() ends it.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from './migrations.ts';
import { freePort } from './postgres.ts';

export interface DenoFunctions {
  port: number;
  stop(): Promise<void>;
}

export const denoBin = join(repoRoot, 'node_modules', '.bin', 'deno');

export async function startFunctions(env: Record<string, string>): Promise<DenoFunctions> {
  const port = await freePort();
  const child = spawn(
    denoBin,
    [
      'run',
      '--node-modules-dir=manual',
      '--no-lock',
      '--allow-net',
      '--allow-env',
      '--allow-read',
      join(repoRoot, 'tests', 'support', 'deno', 'serve-functions.ts'),
      join(repoRoot, 'supabase', 'functions'),
      String(port),
    ],
    { cwd: repoRoot, env: { ...process.env, ...env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`deno did not start:\n${output}`)), 60_000);
    const onData = (d: Buffer) => {
      output += d.toString();
      if (output.includes('READY')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`deno exited with ${code}:\n${output}`));
    });
  });
  return {
    port,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
