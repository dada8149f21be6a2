/**
 * kill -9 mid-upload of a 200 MB evidence file through the local stack's gateway (its tus
 * endpoint under the storage object policies, real PostgreSQL): the process that runs the
 * core's transfer queue is SIGKILLed after the server acknowledged two 6 MB chunks; started
 * again on the same replica it asks the server where the upload stands and PATCHes on from
 * that offset (the stack's storage log shows it), and the object Storage serves hashes right.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { seedOrg, type SeededOrg } from '../../support/seed';
import { startStack, type Stack } from '../../support/stack';
import { tempDir } from '../../support/temp-dir';
import { addEvidence, openFixture, until } from '../../unit/core/transfers/fixture';

const SIZE = 200 * 1024 * 1024;
const WORKER = path.resolve(__dirname, '../../unit/core/transfers/upload-worker.ts');

let stack: Stack;
let org: SeededOrg;
const dir = tempDir('complyflow-upload-kill-stack-');

beforeAll(async () => {
  stack = await startStack();
  org = await seedOrg(stack, 'Hotel Wifi Co');
}, 120_000);

afterAll(async () => {
  await stack?.stop();
  dir.remove();
});

it('a SIGKILLed upload resumes from the server offset and the object hashes to its name', { timeout: 400_000 }, async () => {
  const user = org.users.compliance_officer;
  const session = (await (
    await fetch(`${stack.supabaseUrl}/auth/v1/token?grant_type=password`, {
      method: 'POST',
      headers: { apikey: stack.anonKey, 'content-type': 'application/json' },
      body: JSON.stringify({ email: user.email, password: user.password }),
    })
  ).json()) as { access_token: string };
  const identity = { orgId: org.id, token: session.access_token, anonKey: stack.anonKey };
  const client = path.join(dir.path, 'client');
  const setup = openFixture(client, stack.supabaseUrl, {}, undefined, undefined, identity);
  const file = setup.blobs.put(randomBytes(SIZE));
  addEvidence(setup.db, { sha256: file.sha256, sizeBytes: SIZE }, { title: 'Walkthrough recording' });
  setup.close();
  const name = `${org.id}/${file.sha256}`;

  let output = '';
  const start = () => {
    const child = spawn(process.execPath, ['--import', 'tsx', WORKER, client, stack.supabaseUrl, JSON.stringify(identity)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    return child;
  };
  const exited = (child: ChildProcess) => new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const first = start();
  const firstExit = exited(first);
  await until(
    () =>
      stack
        .storageLog()
        .patches(name)
        .some((p) => (p.responseOffset ?? 0) >= 12 * 1024 * 1024),
    'two chunks acknowledged',
    300_000,
  );
  first.kill('SIGKILL');
  await firstExit;
  const killedAt = stack.storageLog().entries.length;

  const second = start();
  expect(await exited(second)).toBe(0);
  expect(output).toMatch(/idle \[\{"state":"done","last_error":null\}\]/);
  const after = stack
    .storageLog()
    .entries.slice(killedAt)
    .filter((e) => e.objectName === name || e.objectName === null);
  expect(after.some((e) => e.method === 'POST')).toBe(false);
  const resumed = after.find((e) => e.method === 'PATCH');
  expect(resumed?.uploadOffset ?? 0).toBeGreaterThanOrEqual(12 * 1024 * 1024);

  const object = await fetch(`${stack.supabaseUrl}/storage/v1/object/authenticated/evidence-files/${name}`, {
    headers: { authorization: `Bearer ${session.access_token}`, apikey: stack.anonKey },
  });
  expect(object.status).toBe(200);
  const hash = createHash('sha256');
  for await (const chunk of object.body!) hash.update(chunk);
  expect(hash.digest('hex')).toBe(file.sha256);
});
