/**
 * A generic-provider update feed on 127.0.0.1, as a company's HTTPS host serves the files
 * electron-builder publishes (latest-linux.yml, beta-linux.yml, installers): static files from a
 * folder, with `Range` (single and multipart/byteranges, which electron-updater's differential
 * download asks for). Plain http, because the updater's test mode allows loopback http only.
 * Every request is logged for the tests to read.
 */
import { readFileSync, existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import path from 'node:path';

export interface FeedRequest {
  method: string;
  path: string;
  range: string | null;
  bytes: number;
}

export interface FeedServer {
  url: string;
  log: FeedRequest[];
  close(): Promise<void>;
}

function ranges(header: string, size: number): [number, number][] | null {
  const match = /^bytes=(.+)$/.exec(header);
  if (!match) return null;
  const out: [number, number][] = [];
  for (const part of match[1].split(',')) {
    const [a, b] = part.trim().split('-');
    const start = a === '' ? size - Number(b) : Number(a);
    const end = a === '' || b === '' ? size - 1 : Math.min(Number(b), size - 1);
    if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || start > end) return null;
    out.push([start, end]);
  }
  return out;
}

export async function startFeedServer(root: string): Promise<FeedServer> {
  const log: FeedRequest[] = [];
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const name = decodeURIComponent(url.pathname).replace(/^\/+/, '');
    const file = path.join(root, name);
    const entry: FeedRequest = { method: req.method ?? 'GET', path: url.pathname, range: req.headers.range ?? null, bytes: 0 };
    log.push(entry);
    if (!name || name.includes('..') || path.dirname(file) !== root || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    const body = readFileSync(file);
    const wanted = req.headers.range ? ranges(req.headers.range, body.length) : null;
    if (!wanted) {
      entry.bytes = body.length;
      res.writeHead(200, { 'content-length': body.length, 'accept-ranges': 'bytes' }).end(body);
      return;
    }
    if (wanted.length === 1) {
      const [start, end] = wanted[0];
      const slice = body.subarray(start, end + 1);
      entry.bytes = slice.length;
      res.writeHead(206, { 'content-range': `bytes ${start}-${end}/${body.length}`, 'content-length': slice.length }).end(slice);
      return;
    }
    const boundary = 'feedboundary7d3f';
    const parts: Buffer[] = [];
    for (const [start, end] of wanted) {
      parts.push(
        Buffer.from(
          `\r\n--${boundary}\r\nContent-Type: application/octet-stream\r\nContent-Range: bytes ${start}-${end}/${body.length}\r\n\r\n`,
        ),
      );
      parts.push(body.subarray(start, end + 1));
      entry.bytes += end - start + 1;
    }
    parts.push(Buffer.from(`\r\n--${boundary}--\r\n`));
    const payload = Buffer.concat(parts);
    res
      .writeHead(206, { 'content-type': `multipart/byteranges; boundary=${boundary}`, 'content-length': payload.length })
      .end(payload);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('feed server has no port');
  return {
    url: `http://127.0.0.1:${address.port}/`,
    log,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
