/**
 * Capture you can prove, through the real server: evidence captured in an audit on A is signed
 * with A's registered device key, the server keeps the signature columns as sent (its own
 * received time in created_at, A's claim in claimed_captured_at), the key is the one the server
 * registered for A's device, and B, pulling the row, verifies the same signature; a row re-signed
 * with another key under A's device id is named as not signed with the registered key.
 */
import { generateKeyPairSync, sign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { keyFingerprint } from '../../../src-main/core/devices/device-signer';
import { captureBytes } from '../../../src-main/core/evidence/capture-signature';
import type { EvidenceDetail } from '../../../src-shared/domain/evidence';
import { asCaller, fromPg } from '../../support/db';
import { seedOrg, type SeededOrg } from '../../support/seed';
import { startStack, type Stack } from '../../support/stack';
import { closeDevice, eventually, ok, settled, signedInDevice, type Device } from './harness';
import { stagedId } from '../../support/staged-file';

const tiny = readFileSync(path.resolve(__dirname, '../../fixtures/oscal/tiny-catalog.json'), 'utf8');

let stack: Stack;
let org: SeededOrg;
let a: Device;
let b: Device;

beforeAll(async () => {
  stack = await startStack();
  org = await seedOrg(stack, 'Field Proof Co');
  a = await signedInDevice(stack, org.users.owner);
  b = await signedInDevice(stack, org.users.admin);
});

afterAll(async () => {
  await closeDevice(a);
  await closeDevice(b);
  await stack?.stop();
});

it('a capture signed on A is stored by the server and verifies on B with the key the server registered', async () => {
  await settled(a, 'A’s first sync (it registers the device)');
  const { frameworkId } = await ok<{ frameworkId: string }>(a.core, 'frameworks', 'importFile', {
    fileName: 'tiny.json',
    content: tiny,
    jobId: 'import-1',
  });
  const controls = await ok<{ items: { id: string }[] }>(a.core, 'controls', 'list', { frameworkId });
  const control = controls.items[0]!.id;
  const audit = await ok<{ id: string }>(a.core, 'audits', 'create', {
    title: 'Site visit',
    frameworkId,
    windowStart: '2026-01-01',
    windowEnd: '2026-12-31',
    auditors: ['Ana'],
  });
  await ok(a.core, 'audits', 'update', { id: audit.id, status: 'fieldwork' });
  const evidence = await ok<{ id: string }>(a.core, 'evidence', 'add', {
    title: 'Server room door',
    stagedFileId: await stagedId(a.core, 'locked, log attached', 'door.txt'),
    asOfDate: '2026-12-01',
    controlIds: [control],
    auditId: audit.id,
  });
  const onA = await ok<EvidenceDetail>(a.core, 'evidence', 'get', { id: evidence.id });
  expect(onA.capture).toMatchObject({ status: 'valid' });
  await settled(a, 'A to send the capture');

  const server = await stack.admin.query<Record<string, unknown>>(
    `select e.claimed_captured_at, e.created_at, e.capture_device_id, e.capture_public_key, e.capture_key_fingerprint,
            e.capture_signature, e.capture_controls, d.public_key as registered_key, d.user_id
       from evidence e join devices d on d.id = e.capture_device_id where e.id = $1`,
    [evidence.id],
  );
  expect(server.rows).toHaveLength(1);
  const row = server.rows[0]!;
  expect(row.capture_public_key).toBe(row.registered_key);
  expect(row.user_id).toBe(org.users.owner.id);
  expect(row.capture_device_id).toBe(onA.capture!.deviceId);
  expect(row.capture_controls).toBe(control);
  expect(new Date(row.claimed_captured_at as string).toISOString()).toBe(onA.capture!.capturedAt);
  expect(row.capture_signature).toMatch(/^[A-Za-z0-9_-]{86}$/);

  const onB = await eventually<EvidenceDetail>(
    b,
    'evidence',
    'get',
    { id: evidence.id },
    (e) => e.capture !== null,
    'the capture to reach B',
  );
  expect(onB.capture).toEqual(onA.capture);
  // Online, both compared the key with the one the server registered for A's device.
  expect(onB.capture).toMatchObject({ status: 'valid', keyChecked: true });

  // Someone with write access to the server re-signs the capture with a key of their own under
  // A's device id: the signature holds, but B says it is not the key registered for that device.
  const forger = generateKeyPairSync('ed25519');
  const forgedKey = String(forger.publicKey.export({ format: 'jwk' }).x);
  const fingerprint = keyFingerprint(forgedKey);
  const bytes = captureBytes({
    sha256: onA.sha256,
    claimedCapturedAt: onA.capture!.capturedAt,
    auditId: audit.id,
    controlIds: [control],
    deviceId: onA.capture!.deviceId,
    publicKey: forgedKey,
    fingerprint,
  });
  await stack.admin.query(
    `update public.evidence set capture_public_key = $2, capture_key_fingerprint = $3, capture_signature = $4 where id = $1`,
    [evidence.id, forgedKey, fingerprint, sign(null, bytes, forger.privateKey).toString('base64url')],
  );
  const forged = await eventually<EvidenceDetail>(
    b,
    'evidence',
    'get',
    { id: evidence.id },
    (e) => e.capture?.fingerprint === fingerprint,
    'the re-signed row to reach B',
  );
  expect(forged.capture).toMatchObject({ status: 'unregistered-key', keyChecked: true });
});

it('capture_device_key answers members only, and only for devices of that org', async () => {
  const other = await seedOrg(stack, 'Elsewhere Ltd');
  const device = (
    await stack.admin.query<{ id: string; public_key: string }>('select id, public_key from devices where org_id = $1 limit 1', [
      org.id,
    ])
  ).rows[0]!;
  const client = await stack.admin.connect();
  try {
    const db = fromPg(client);
    const ask = (userId: string, orgId: string) =>
      asCaller(
        db,
        { kind: 'user', id: userId },
        async (q) =>
          (await q.query<{ key: string | null }>('select public.capture_device_key($1, $2) as key', [orgId, device.id])).rows[0]!
            .key,
      );
    expect(await ask(org.users.viewer.id, org.id)).toBe(device.public_key);
    // Another org's member: refused; asking in their own org for this device: nothing.
    await expect(ask(other.users.owner.id, org.id)).rejects.toThrow(/not a member/);
    expect(await ask(other.users.owner.id, other.id)).toBeNull();
    await expect(
      asCaller(db, { kind: 'anon' }, (q) => q.query('select public.capture_device_key($1, $2)', [org.id, device.id])),
    ).rejects.toThrow(/permission denied/);
  } finally {
    client.release();
  }
});
