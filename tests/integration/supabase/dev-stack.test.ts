// `npm run dev:stack` as a developer runs it: one JSON line with what the app needs to connect,
// seeded users (with display names) who can sign in and sync, the compliance officer also an
// auditor of a second org, and a clean stop on SIGTERM.
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
        users: { email: string; password: string; org: string; orgName: string; role: string; displayName: string }[];
      };
      expect(info.supabaseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(info.databaseUrl).toMatch(/^postgres:\/\/postgres@127\.0\.0\.1:\d+\/postgres$/);
      expect(info.users.map((u) => [u.orgName, u.role, u.displayName])).toEqual([
        ['Demo Compliance Co', 'owner', 'Olivia Owner'],
        ['Demo Compliance Co', 'admin', 'Adam Admin'],
        ['Demo Compliance Co', 'compliance_officer', 'Cora Compliance'],
        ['Demo Compliance Co', 'auditor', 'Aldo Auditor'],
        ['Demo Compliance Co', 'viewer', 'Vera Viewer'],
        ['Demo Subsidiary Ltd', 'auditor', 'Cora Compliance'],
      ]);
      // The last entry is the compliance officer again, in the other org.
      expect(info.users[5]!.email).toBe(info.users[2]!.email);
      expect(info.users[5]!.org).not.toBe(info.users[2]!.org);

      for (const user of info.users) {
        const client = supabaseClient(info.supabaseUrl, info.anonKey);
        const { error } = await client.auth.signInWithPassword({ email: user.email, password: user.password });
        expect(error).toBeNull();
        const { data } = await client.rpc('pull', { p_org_id: user.org, p_cursor: null, p_schema_version: 2 });
        expect(data).toMatchObject({ status: 'ok', role: user.role });
        // Demo Compliance Co: the seeded framework, two controls and a policy; the subsidiary: a framework and a policy.
        expect((data as { changes: unknown[] }).changes).toHaveLength(user.orgName === 'Demo Compliance Co' ? 4 : 2);
        const { data: members } = await client.rpc('org_members', { p_org_id: user.org });
        expect(members).toContainEqual({
          user_id: expect.any(String),
          email: user.email,
          role: user.role,
          display_name: user.displayName,
        });
      }
      const officer = supabaseClient(info.supabaseUrl, info.anonKey);
      await officer.auth.signInWithPassword(info.users[2]!);
      const { data: memberships } = await officer.rpc('my_memberships');
      expect((memberships as { org_name: string; role: string }[]).map((m) => [m.org_name, m.role])).toEqual([
        ['Demo Compliance Co', 'compliance_officer'],
        ['Demo Subsidiary Ltd', 'auditor'],
      ]);
      // Functions are served and check the token first, then want a signed request (tamper-matrix.test.ts).
      const { error: unsigned } = await officer.functions.invoke('session-info', { method: 'POST', body: {} });
      expect(await (unsigned as { context: Response }).context.json()).toMatchObject({ code: 'missing_signature_headers' });
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  });
});
