/**
 * Evidence files end to end through the local stack (real PostgreSQL 15, the stand-in gateway's
 * Storage with its tus endpoint and object policies, two real cores): a file added on A uploads
 * resumably once its row is pushed; B, which pulled the row, sees it as not on this computer,
 * downloads it, and the bytes it stores hash to the name.
 */
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FileStatus, TransferList } from '../../../src-shared/domain/transfers';
import { seedOrg, type SeededOrg } from '../../support/seed';
import { startStack, type Stack } from '../../support/stack';
import { closeDevice, eventually, ok, settled, signedInDevice, until, type Device } from '../sync/harness';

let stack: Stack;
let org: SeededOrg;
let a: Device;
let b: Device;

beforeAll(async () => {
  stack = await startStack();
  org = await seedOrg(stack, 'Files Travel Co');
  a = await signedInDevice(stack, org.users.compliance_officer);
  b = await signedInDevice(stack, org.users.viewer);
}, 120_000);

afterAll(async () => {
  await closeDevice(a);
  await closeDevice(b);
  await stack?.stop();
});

it('a file added on A uploads after its row, and B downloads it verified', { timeout: 180_000 }, async () => {
  const bytes = randomBytes(13 * 1024 * 1024 + 17); // three tus chunks
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const evidence = await ok<{ id: string; sha256: string }>(a.core, 'evidence', 'add', {
    title: 'Firewall rule export',
    fileName: 'rules.bin',
    contentBase64: bytes.toString('base64'),
    asOfDate: '2026-11-30',
  });
  expect(evidence.sha256).toBe(sha256);
  await settled(a, 'A to push the evidence row');

  const uploaded = await until(
    () => ok<TransferList>(a.core, 'files', 'transfers', { filter: 'all' }),
    (list) => list.items.some((t) => t.direction === 'upload' && t.sha256 === sha256 && t.state === 'done'),
    'the upload to finish',
    90_000,
  );
  expect(uploaded.items.find((t) => t.sha256 === sha256)).toMatchObject({
    evidenceId: evidence.id,
    bytesDone: bytes.length,
    lastError: null,
  });
  const patches = stack.storageLog().patches(`${org.id}/${sha256}`);
  expect(patches.length).toBeGreaterThanOrEqual(2);
  expect(patches.every((p) => p.status === 204)).toBe(true);

  await eventually<{ id: string }>(b, 'evidence', 'get', { id: evidence.id }, () => true, 'the row to reach B');
  const before = await ok<{ items: FileStatus[] }>(b.core, 'files', 'status', { evidenceIds: [evidence.id] });
  expect(before.items[0]).toMatchObject({ availability: 'remote', sizeBytes: bytes.length, pinned: false });

  const download = await ok<{ id: string; direction: string }>(b.core, 'files', 'download', { evidenceId: evidence.id });
  expect(download.direction).toBe('download');
  await until(
    () => ok<{ items: FileStatus[] }>(b.core, 'files', 'status', { evidenceIds: [evidence.id] }),
    (s) => s.items[0].availability === 'local',
    'the download to finish',
    90_000,
  );
  // The stored copy is the one the core hands out, re-verified against its hash.
  const copy = await ok<{ sha256: string; contentBase64: string }>(b.core, 'evidence', 'download', { id: evidence.id });
  expect(copy.sha256).toBe(sha256);
  expect(Buffer.from(copy.contentBase64, 'base64').equals(bytes)).toBe(true);

  // The viewer may read but not upload: nothing it holds is sent (its upload row says done: the server has the bytes).
  const onB = await ok<TransferList>(b.core, 'files', 'transfers', { filter: 'all' });
  expect(onB.items.filter((t) => t.direction === 'upload').every((t) => t.state === 'done')).toBe(true);
});
