// The fetch wrapper that keeps Retry-After headers for session.rpc, against a real HTTP server.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RetryAfterLog } from '../../../../src-main/core/auth/retry-after';

let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    // /<path>?status=429&after=7 answers that status with that Retry-After.
    const url = new URL(req.url ?? '/', 'http://x');
    const after = url.searchParams.get('after');
    res.writeHead(Number(url.searchParams.get('status') ?? 200), after ? { 'retry-after': after } : {}).end('{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('RetryAfterLog', () => {
  it('keeps the Retry-After of a 429 or 503 answer for its path, once', async () => {
    const log = new RetryAfterLog();
    const fetcher = log.wrap();
    expect((await fetcher(`${base}/rest/v1/rpc/push?status=429&after=7`)).status).toBe(429);
    await fetcher(new URL(`${base}/rest/v1/rpc/pull?status=503&after=120`));
    expect(log.take('/rest/v1/rpc/push')).toBe('7');
    expect(log.take('/rest/v1/rpc/push')).toBeNull();
    expect(log.take('/rest/v1/rpc/pull')).toBe('120');
  });

  it('ignores Retry-After on other answers, and a later answer on the path replaces it', async () => {
    const log = new RetryAfterLog();
    const fetcher = log.wrap();
    await fetcher(`${base}/rest/v1/rpc/push?status=200&after=30`);
    expect(log.take('/rest/v1/rpc/push')).toBeNull();
    await fetcher(new Request(`${base}/rest/v1/rpc/push?status=429&after=5`));
    await fetcher(`${base}/rest/v1/rpc/push?status=200`);
    expect(log.take('/rest/v1/rpc/push')).toBeNull();
  });
});
