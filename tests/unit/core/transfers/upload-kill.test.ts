// kill -9 mid-upload of a 200 MB file: the restarted process asks the server where the upload
// stands (HEAD) and goes on from there, not from zero, and the stored object hashes right.
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../../support/temp-dir';
import { addEvidence, openFixture, ORG_ID, TOKEN, until } from './fixture';
import { startTinyStorage } from './tiny-storage';

const SIZE = 200 * 1024 * 1024;
const WORKER = path.join(__dirname, 'upload-worker.ts');

const hashFile = async (file: string) => {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
};

describe('an upload killed with SIGKILL', () => {
  const dir = tempDir('complyflow-upload-kill-');
  afterAll(() => dir.remove());

  it('resumes from the offset the server has, and the object hashes to its name', { timeout: 300_000 }, async () => {
    const storage = await startTinyStorage({ dir: path.join(dir.path, 'server'), token: TOKEN });
    const client = path.join(dir.path, 'client');
    const setup = openFixture(client, storage.url);
    // 200 MB of random bytes, stored as evidence.add stores them; the record is on the server.
    const file = setup.blobs.put(randomBytes(SIZE));
    addEvidence(setup.db, { sha256: file.sha256, sizeBytes: SIZE }, { title: 'Recording of the walkthrough' });
    setup.close();

    let output = '';
    const start = () => {
      // One process (no tsx wrapper process): SIGKILL must hit the process that uploads.
      const child = spawn(process.execPath, ['--import', 'tsx', WORKER, client, storage.url], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      return child;
    };
    const exited = (child: ChildProcess) => new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

    const first = start();
    const firstExit = exited(first);
    // At least two 6 MB chunks acknowledged (the third PATCH starts at 12 MB or more), then the plug is pulled.
    await until(
      () => storage.log.some((e) => e.method === 'PATCH' && (e.uploadOffset ?? 0) >= 12 * 1024 * 1024),
      'two chunks',
      120_000,
    );
    first.kill('SIGKILL');
    await firstExit;
    // Everything the killed process had sent is read (its connections closed) before the restart.
    await until(() => storage.openConnections() === 0, 'the killed connections to close');
    const beforeRestart = storage.log.length;
    expect(storage.objectPath(ORG_ID, file.sha256)).toBeNull();

    const second = start();
    expect(await exited(second)).toBe(0);
    const afterRestart = storage.log.slice(beforeRestart);
    // The restarted upload asked where it stood and went on from there.
    expect(afterRestart[0]).toMatchObject({ method: 'HEAD' });
    const firstPatch = afterRestart.find((e) => e.method === 'PATCH');
    expect(firstPatch?.uploadOffset ?? 0).toBeGreaterThanOrEqual(12 * 1024 * 1024);
    expect(afterRestart.some((e) => e.method === 'POST')).toBe(false);
    expect(output).toMatch(/idle \[\{"state":"done","last_error":null\}\]/);

    const stored = storage.objectPath(ORG_ID, file.sha256);
    expect(stored).not.toBeNull();
    expect(await hashFile(stored!)).toBe(file.sha256);
    await storage.close();
  });
});
