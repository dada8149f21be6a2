/**
 * The browser host's upload endpoint on a real host and real sockets: a page of this host with
 * the run's token streams a file against a one-time ticket and gets the staged file back; a
 * request without the token, from another origin, for an unknown or used ticket, with a length
 * that is missing, chunked or not the one announced, or cut off mid-body is refused in words,
 * and nothing is left in the blob store.
 */
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startBrowserHost, type BrowserHost } from '../../../src-main/browser-host/server';
import { tempDir } from '../../support/temp-dir';
import { walk } from '../core/evidence/walk';

let dir: ReturnType<typeof tempDir>;
let host: BrowserHost;
const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

beforeEach(async () => {
  dir = tempDir();
  const rendererDir = path.join(dir.path, 'renderer');
  mkdirSync(rendererDir);
  host = await startBrowserHost({ dataDir: path.join(dir.path, 'data'), rendererDir });
});
afterEach(async () => {
  await host.close();
  dir.remove();
});

async function ticket(fileName: string, sizeBytes: number) {
  const r = await host.core.router.call('evidence', 'beginUpload', { fileName, sizeBytes }, { actor: 'local' });
  if (!r.ok) throw new Error(r.error.message);
  return r.value as { uploadId: string; uploadPath: string };
}

const put = (uploadPath: string, body: string | Buffer, headers: Record<string, string> = {}) =>
  fetch(`${host.origin}${uploadPath}`, {
    method: 'PUT',
    body,
    headers: { origin: host.origin, authorization: `Bearer ${host.token}`, ...headers },
  });

/** A request written by hand, for what fetch will not send (a lying or missing length, a cut body). */
function raw(request: string, thenClose = false): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(new URL(host.origin).port), '127.0.0.1', () => {
      socket.write(request);
      if (thenClose) setTimeout(() => socket.destroy(), 200);
    });
    let answer = '';
    socket.on('data', (d) => (answer += d.toString()));
    socket.on('close', () => resolve(answer));
    socket.on('error', reject);
  });
}

const stored = () => walk(host.core.paths.blobs);

describe('PUT /files/upload/<ticket>', () => {
  it('stages the streamed file against its ticket and answers it; the ticket works once', async () => {
    const body = Buffer.from('user,role\nana,admin\n');
    const t = await ticket('../../access review.csv', body.length);
    const response = await put(t.uploadPath, body);
    expect(response.status).toBe(201);
    const staged = (await response.json()) as { id: string; sha256: string; fileName: string; mimeType: string };
    expect(staged).toMatchObject({
      sha256: sha(body),
      fileName: '../../access review.csv',
      sizeBytes: body.length,
      mimeType: 'text/csv',
    });
    expect(stored()).toEqual([path.join('staged', staged.id)]);
    const again = await put(t.uploadPath, body);
    expect(again.status).toBe(404);
    expect(await again.json()).toEqual({
      error: { code: 'NOT_FOUND', message: 'This upload ticket was used already or has expired: add the file again.' },
    });
  });

  it.each([
    ['no token', { authorization: '' }, 403, 'This upload does not carry the app’s session token.'],
    [
      'a wrong token',
      { authorization: 'Bearer AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' },
      403,
      'This upload does not carry the app’s session token.',
    ],
    ['another origin', { origin: 'http://evil.example' }, 403, 'Uploads are accepted only from the app’s own page.'],
  ])('refuses %s', async (_label, headers, status, message) => {
    const t = await ticket('a.txt', 5);
    const response = await put(t.uploadPath, 'hello', headers);
    expect(response.status).toBe(status);
    expect(((await response.json()) as { error: { message: string } }).error.message).toBe(message);
    expect(stored()).toEqual([]);
  });

  it('refuses an unknown ticket and a length other than announced', async () => {
    expect((await put('/files/upload/3b0f3a51-1a8e-4f53-9d3e-8c4a2e1b7d90', 'x')).status).toBe(404);
    expect((await put('/files/upload/..%2F..%2Fetc%2Fpasswd', 'x')).status).toBe(404);
    const t = await ticket('report.pdf', 10);
    const response = await put(t.uploadPath, 'twelve bytes');
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { message: string } }).error.message).toBe(
      'The upload says it is 12 bytes, but “report.pdf” was announced as 10.',
    );
    expect(stored()).toEqual([]);
  });

  it('refuses a chunked body, and keeps nothing of a body cut off mid-way', async () => {
    const { host: hostHeader } = new URL(host.origin);
    const t = await ticket('big.bin', 1000);
    const head = (extra: string) =>
      `PUT ${t.uploadPath} HTTP/1.1\r\nHost: ${hostHeader}\r\nOrigin: ${host.origin}\r\nAuthorization: Bearer ${host.token}\r\n${extra}\r\n`;
    const chunked = await raw(`${head('Transfer-Encoding: chunked\r\n')}5\r\nhello\r\n0\r\n\r\n`);
    expect(chunked).toMatch(/^HTTP\/1\.1 411/);
    expect(chunked).toContain('An upload must say its length (Content-Length).');
    // Announces 1000 bytes, sends 100, hangs up.
    await raw(`${head('Content-Length: 1000\r\n')}${'x'.repeat(100)}`, true);
    expect(host.core.staged.ticket(t.uploadId)).toBeNull(); // the copy had started
    // The copy ends when the server sees the hang-up; its temp file goes with it.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(stored()).toEqual([]);
    expect(host.core.staged.waiting()).toEqual([]);
  });
});
