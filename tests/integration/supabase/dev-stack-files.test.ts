// `npm run dev:stack` serves evidence files as the app will use them (and FILESUI's Chromium tests
// rely on): a resumable upload by the demo compliance officer through tus-js-client, its PATCHes in
// the `storage-log` command's line, and `corrupt` turning the object into a damaged file.
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../support/migrations.ts';
import { supabaseClient } from '../../support/stack.ts';
import { tusUpload } from './tus-client.ts';

describe('dev:stack files', () => {
  it('takes a resumable upload, logs its PATCHes, and can damage the stored object', async () => {
    const child = spawn(join(repoRoot, 'node_modules', '.bin', 'tsx'), [join(repoRoot, 'tests', 'support', 'dev-stack.ts')], {
      cwd: repoRoot,
      env: { ...process.env, DEV_STACK_PORT: '0', DEV_STACK_FUNCTIONS: '0' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const lines: string[] = [];
    const waiting: ((line: string) => void)[] = [];
    createInterface({ input: child.stdout }).on('line', (line) => {
      const next = waiting.shift();
      if (next) next(line);
      else lines.push(line);
    });
    const nextLine = () =>
      new Promise<string>((resolve, reject) => {
        const ready = lines.shift();
        if (ready !== undefined) return resolve(ready);
        waiting.push(resolve);
        void exited.then((code) => reject(new Error(`dev:stack exited with ${code}: ${stderr}`)));
      });
    try {
      const info = JSON.parse(await nextLine()) as {
        supabaseUrl: string;
        anonKey: string;
        users: { email: string; password: string; org: string; role: string; orgName: string }[];
      };
      const officer = info.users.find((u) => u.role === 'compliance_officer' && u.orgName === 'Demo Compliance Co')!;
      const client = supabaseClient(info.supabaseUrl, info.anonKey);
      await client.auth.signInWithPassword(officer);
      const token = (await client.auth.getSession()).data.session!.access_token;
      const bytes = randomBytes(7 * 1024 * 1024);
      const name = `${officer.org}/${createHash('sha256').update(bytes).digest('hex')}`;
      const outcome = await tusUpload(
        { supabaseUrl: info.supabaseUrl, anonKey: info.anonKey, token, bucket: 'evidence-files', objectName: name },
        bytes,
      );
      expect(outcome.ok).toBe(true);

      child.stdin.write('storage-log\n');
      const log = JSON.parse(await nextLine()) as { storageLog: { method: string; objectName: string; uploadOffset: number }[] };
      expect(log.storageLog.filter((e) => e.method === 'PATCH' && e.objectName === name).map((e) => e.uploadOffset)).toEqual([
        0,
        6 * 1024 * 1024,
      ]);

      child.stdin.write(`corrupt evidence-files ${name}\n`);
      expect(await nextLine()).toBe(`storage: corrupted evidence-files/${name}`);
      const { data } = await client.storage.from('evidence-files').download(name);
      expect(Buffer.from(await data!.arrayBuffer()).toString()).toMatch(/^damaged by dev:stack/);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  });
});
