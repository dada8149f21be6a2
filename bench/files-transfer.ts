/**
 * Evidence file transfer bench (issue 9): one file (default 1 GB) uploaded and then downloaded
 * through the stand-in gateway on loopback (tus upload, Range-capable download) by the product's
 * transfer queue running in its own process, and, in the same run, the same file copied to a
 * loopback HTTP sink with no product code (the ceiling of this machine). Prints MB/s of each,
 * the ratio to the sink, and the transfer process's RSS above idle (target: under 150 MB).
 * Prints figures; no pass/fail. Run: npm run bench:files [-- --mb 1024]
 */
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, mkdirSync, mkdtempSync, openSync, closeSync, writeSync, rmSync, renameSync } from 'node:fs';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createBlobStore } from '../src-main/core/evidence/blob-store';
import { seedOrg } from '../tests/support/seed';
import { startStack } from '../tests/support/stack';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const MB = 1024 * 1024;
const SIZE = arg('mb', 1024) * MB;
const mbps = (bytes: number, seconds: number) => bytes / MB / seconds;

/** Writes SIZE random bytes to a file in 8 MB pieces, hashing as it goes. */
function makeFile(file: string): string {
  const hash = createHash('sha256');
  const fd = openSync(file, 'w');
  const piece = randomBytes(8 * MB);
  for (let written = 0; written < SIZE;) {
    const n = Math.min(piece.length, SIZE - written);
    // Each piece differs (its first bytes are the offset) so no layer can dedupe.
    piece.writeUInt32LE(written / MB, 0);
    writeSync(fd, piece, 0, n);
    hash.update(piece.subarray(0, n));
    written += n;
  }
  closeSync(fd);
  return hash.digest('hex');
}

/** The ceiling: the same bytes streamed over loopback HTTP to a server that discards them. */
async function sinkCopy(file: string): Promise<number> {
  const server = createServer((req, res) => {
    req.on('data', () => undefined);
    req.on('end', () => res.writeHead(204).end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const started = performance.now();
  await new Promise<void>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method: 'PUT', path: '/sink', headers: { 'content-length': SIZE } }, (res) => {
      res.resume();
      res.on('end', resolve);
    });
    req.on('error', reject);
    createReadStream(file).pipe(req);
  });
  const seconds = (performance.now() - started) / 1000;
  server.close();
  return seconds;
}

function runWorker(
  args: Record<string, unknown>,
): Promise<{ seconds: number; idleRss: number; peakRss: number; rows: unknown[]; errors: string[] }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--expose-gc', '--import', 'tsx', path.join(__dirname, 'files-transfer-worker.ts'), JSON.stringify(args)],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('exit', (code) =>
      code === 0 ? resolve(JSON.parse(out.trim().split('\n').at(-1)!)) : reject(new Error(`worker exited ${code}: ${out}`)),
    );
  });
}

async function main() {
  const root = mkdtempSync(path.join(os.tmpdir(), 'complyflow-bench-files-'));
  const stack = await startStack();
  try {
    const org = await seedOrg(stack, 'Bench Files Co');
    const user = org.users.compliance_officer;
    const session = await fetch(`${stack.supabaseUrl}/auth/v1/token?grant_type=password`, {
      method: 'POST',
      headers: { apikey: stack.anonKey, 'content-type': 'application/json' },
      body: JSON.stringify({ email: user.email, password: user.password }),
    }).then((r) => r.json() as Promise<{ access_token: string }>);

    const uploader = path.join(root, 'uploader');
    const scratch = path.join(root, 'scratch');
    mkdirSync(scratch, { recursive: true });
    console.log(`Writing a ${SIZE / MB} MB file…`);
    const made = path.join(scratch, 'file');
    const sha256 = makeFile(made);
    const sinkSeconds = await sinkCopy(made);
    // Into the uploader's blob store, where evidence.add would have put it.
    const target = createBlobStore(path.join(uploader, 'blobs')).pathOf(sha256);
    mkdirSync(path.dirname(target), { recursive: true });
    renameSync(made, target);

    const common = {
      url: stack.supabaseUrl,
      anonKey: stack.anonKey,
      token: session.access_token,
      orgId: org.id,
      sha256,
      sizeBytes: SIZE,
    };
    const up = await runWorker({ ...common, phase: 'upload', dir: uploader });
    const down = await runWorker({ ...common, phase: 'download', dir: path.join(root, 'downloader') });
    const load = os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ');
    const sink = mbps(SIZE, sinkSeconds);
    const row = (name: string, r: { seconds: number; idleRss: number; peakRss: number; rows: unknown[]; errors: string[] }) => {
      const rate = mbps(SIZE, r.seconds);
      console.log(
        `${name.padEnd(9)} ${rate.toFixed(1).padStart(7)} MB/s  ratio to sink ${(rate / sink).toFixed(2)}  RSS idle ${(r.idleRss / MB).toFixed(0)} MB, peak ${(r.peakRss / MB).toFixed(0)} MB (+${((r.peakRss - r.idleRss) / MB).toFixed(0)} MB)  ${JSON.stringify(r.rows)}${r.errors.length ? ` errors: ${r.errors.join('; ')}` : ''}`,
      );
    };
    console.log(`\nFile ${SIZE / MB} MB, load average ${load}, ${os.cpus().length} cores`);
    console.log(`sink      ${sink.toFixed(1).padStart(7)} MB/s  (loopback HTTP, no product code)`);
    row('upload', up);
    row('download', down);
  } finally {
    await stack.stop();
    rmSync(root, { recursive: true, force: true });
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
