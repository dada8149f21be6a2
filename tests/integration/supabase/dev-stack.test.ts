// `npm run dev:stack` as a developer runs it: one JSON line with what the app needs to connect,
// seeded users who can sign in and sync, and a clean stop on SIGTERM.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../support/migrations.ts';
import { supabaseClient } from '../../support/stack.ts';

describe('dev:stack', () => {
  it('prints the connection JSON line, serves the seeded users, and stops cleanly', async () => {
    const child = spawn(join(repoRoot, 'node_modules', '.bin', 'tsx'), [join(repoRoot, 'tests', 'support', 'dev-stack.ts')], {
      cwd: repoRoot,
      env: { ...process.env, DEV_STACK_PORT: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      const first = await new Promise<string>((resolve, reject) => {
        createInterface({ input: child.stdout }).once('line', resolve);
        void exited.then((code) => reject(new Error(`dev:stack exited with ${code}: ${stderr}`)));
      });
      const info = JSON.parse(first) as {
        supabaseUrl: string;
        anonKey: string;
        databaseUrl: string;
        users: { email: string; password: string; org: string; role: string }[];
      };
      expect(info.supabaseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(info.databaseUrl).toMatch(/^postgres:\/\/postgres@127\.0\.0\.1:\d+\/postgres$/);
      expect(info.users.map((u) => u.role)).toEqual(['owner', 'admin', 'compliance_officer', 'auditor', 'viewer']);

      for (const user of info.users) {
        const client = supabaseClient(info.supabaseUrl, info.anonKey);
        const { error } = await client.auth.signInWithPassword({ email: user.email, password: user.password });
        expect(error).toBeNull();
        const { data } = await client.rpc('pull', { p_org_id: user.org, p_cursor: null, p_schema_version: 1 });
        expect(data).toMatchObject({ status: 'ok', role: user.role });
        expect((data as { changes: unknown[] }).changes).toHaveLength(4); // the seeded framework, controls, policy
      }
      const officer = supabaseClient(info.supabaseUrl, info.anonKey);
      await officer.auth.signInWithPassword(info.users[2]!);
      const { data: session } = await officer.functions.invoke('session-info', { method: 'POST', body: {} });
      expect(session).toMatchObject({ email: info.users[2]!.email });
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  });
});
