// `npm run dev:stack` serves Realtime on the gateway's port: a seeded user's subscription goes
// live and is nudged by a push, and the `realtime-down` / `realtime-up` commands take Realtime
// away and back while everything else keeps running.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { expect, it } from 'vitest';
import { subscribeNudges, type Nudge } from '../../../src-main/core/sync/realtime/nudges';
import { repoRoot } from '../../support/migrations.ts';
import { supabaseClient } from '../../support/stack.ts';
import { waitFor } from './raw-socket.ts';

it('dev:stack serves Realtime nudges, and its commands take Realtime down and up', async () => {
  const child = spawn(join(repoRoot, 'node_modules', '.bin', 'tsx'), [join(repoRoot, 'tests', 'support', 'dev-stack.ts')], {
    cwd: repoRoot,
    env: { ...process.env, DEV_STACK_PORT: '0', DEV_STACK_FUNCTIONS: '0' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const lines: string[] = [];
  createInterface({ input: child.stdout }).on('line', (line) => lines.push(line));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let failed: Error | null = null;
  void exited.then((code) => (failed = new Error(`dev:stack exited with ${code}: ${stderr}`)));
  try {
    const first = await waitFor(() => failed ?? lines[0], 'the connection line', 90_000);
    if (first instanceof Error) throw first;
    const info = JSON.parse(first) as {
      supabaseUrl: string;
      anonKey: string;
      users: { email: string; password: string; org: string }[];
    };
    const officer = info.users[2]!;
    const client = supabaseClient(info.supabaseUrl, info.anonKey);
    expect((await client.auth.signInWithPassword(officer)).error).toBeNull();

    const nudges: Nudge[] = [];
    const live: boolean[] = [];
    const subscription = subscribeNudges({
      client,
      orgId: officer.org,
      onNudge: (n) => nudges.push(n),
      onLive: (v) => live.push(v),
    });
    await waitFor(() => live.at(-1) === true, 'the subscription going live');

    const { data: info2 } = await client.rpc('sync_info');
    const { data, error } = await client.rpc('push', {
      p_org_id: officer.org,
      p_mutations: [
        { id: randomUUID(), table: 'frameworks', record_id: randomUUID(), op: 'insert', patch: { title: 'Dev' }, base: {} },
      ],
      p_schema_version: (info2 as { min_client_schema_version: number }).min_client_schema_version,
    });
    expect(error).toBeNull();
    expect((data as { results: { status: string }[] }).results.map((r) => r.status)).toEqual(['applied']);
    await waitFor(() => nudges.length > 0, 'a nudge after the push');

    child.stdin.write('realtime-down\n');
    await waitFor(() => live.at(-1) === false, 'the subscription reporting not live');
    child.stdin.write('realtime-up\n');
    await waitFor(() => live.at(-1) === true, 'the subscription live again', 30_000);
    expect(lines).toContain('realtime: down');
    expect(lines).toContain('realtime: up');
    await subscription.close();
    await client.removeAllChannels();
  } finally {
    child.kill('SIGTERM');
  }
  expect(await exited).toBe(0);
});
