/**
 * Signed audit packages on real zips in the local workspace: the manifest names the signer (device,
 * key, fingerprint, user, org) and manifest.sig verifies over it; a package whose file was changed
 * and every hash in the manifest recomputed, as an attacker would, fails on the signature; a
 * package stripped of its signature fails as unsigned; a signed capture's line is in the package.
 */
import { createHash } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../../src-main/core/core';
import { deviceSigner } from '../../../../src-main/core/devices/device-signer';
import { verifyPackage } from '../../../../src-main/core/exports/verify-package';
import type { AuditPackageOutput, Manifest } from '../../../../src-shared/domain/export';
import { LOCAL_ORG_ID } from '../../../../src-shared/domain/common';
import { tempDir } from '../../../support/temp-dir';
import { seedAudit, seedControl, seedFramework } from '../dashboard/seed';
import { readZip, writeZip } from './zip-util';
import { stagedId } from '../../../support/staged-file';

let dir: ReturnType<typeof tempDir>;
let core: Core;
const ctx = { actor: 'Ana Auditor' };
const AT = '2026-12-01T23:40:00.000Z';
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

beforeEach(() => {
  dir = tempDir();
  core = createCore({ dataDir: dir.path, now: () => AT, appVersion: '1.2.3', log: { error: () => undefined } });
});
afterEach(() => {
  core.close();
  dir.remove();
});

async function call<T>(namespace: string, method: string, input: unknown): Promise<T> {
  const result = await core.router.call(namespace, method, input, ctx);
  if (!result.ok) throw new Error(result.error.message);
  return result.value as T;
}

async function exportWithCapture() {
  const fw = seedFramework(core, 'NIST Moderate');
  const control = seedControl(core, fw, { key: 'pe-3', title: 'Physical Access Enforcement' });
  const audit = seedAudit(core, { title: 'Site audit', frameworkId: fw, scope: [control] });
  const evidence = await call<{ id: string; sha256: string }>('evidence', 'add', {
    title: 'Door log',
    stagedFileId: await stagedId(core, 'badge 4411 07:02', 'door-log.txt'),
    asOfDate: '2026-12-01',
    controlIds: [control],
    auditId: audit,
  });
  const out = await call<AuditPackageOutput>('exports', 'auditPackage', { auditId: audit });
  return { out, evidence, audit, control };
}

/** Rewrites every manifest hash and size to match the files, as someone without the key would. */
function rehash(files: Map<string, Buffer>) {
  const manifest = JSON.parse(files.get('manifest.json')!.toString('utf8')) as Manifest;
  for (const file of manifest.files) {
    const bytes = files.get(file.path)!;
    Object.assign(file, { sha256: sha(bytes), size: bytes.length });
  }
  files.set('manifest.json', Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`));
  return manifest;
}

describe('signed audit packages', () => {
  it('names the device, key, user and org that signed, and verifies', async () => {
    const { out } = await exportWithCapture();
    const files = await readZip(out.path);
    const manifest = JSON.parse(files.get('manifest.json')!.toString('utf8')) as Manifest;
    const signer = await deviceSigner({ db: core.db, secrets: core.deps.sync!.secrets, orgId: LOCAL_ORG_ID, userId: null });
    expect(manifest.signer).toEqual({
      deviceId: signer.deviceId,
      deviceName: os.hostname(),
      publicKey: signer.publicKey,
      fingerprint: signer.fingerprint,
      userId: null,
      user: 'Ana Auditor',
      orgId: LOCAL_ORG_ID,
    });
    expect(files.get('manifest.sig')!.toString('utf8')).toMatch(/^[A-Za-z0-9_-]{86}\n$/);
    const result = await verifyPackage(out.path);
    expect(result).toMatchObject({ ok: true, problems: [], signedBy: manifest.signer });
  });

  it('shows each signed capture with its line in evidence.json and summary.html', async () => {
    const { out, evidence, control } = await exportWithCapture();
    const files = await readZip(out.path);
    const index = JSON.parse(files.get('evidence.json')!.toString('utf8')) as { id: string; capture: Record<string, unknown> }[];
    const line = `Captured offline on ${os.hostname()} at ${AT}, signature valid`;
    expect(index.find((x) => x.id === evidence.id)!.capture).toMatchObject({
      status: 'valid',
      capturedAt: AT,
      controls: [control],
      format: 'complyflow-capture-v1',
      line,
    });
    expect(files.get('summary.html')!.toString('utf8')).toContain(line);
  });

  it('fails on the signature when a file is changed and every hash in the manifest recomputed', async () => {
    const { out, evidence } = await exportWithCapture();
    const files = await readZip(out.path);
    const name = [...files.keys()].find((n) => n.startsWith(`evidence/${evidence.sha256.slice(0, 12)}`))!;
    files.set(name, Buffer.from('badge 9999 03:00'));
    rehash(files);
    const forged = path.join(dir.path, 'forged.zip');
    await writeZip(forged, files);
    const result = await verifyPackage(forged);
    expect(result.ok).toBe(false);
    expect(result.signedBy).toBeNull();
    // Every hash matches now: the signature is what catches it.
    expect(result.problems).toEqual([{ file: 'manifest.sig', problem: expect.stringContaining('signature does not match') }]);
  });

  it('fails as unsigned without manifest.sig or without a signer, and when the fingerprint is not the key’s', async () => {
    const { out } = await exportWithCapture();
    const stripped = await readZip(out.path);
    stripped.delete('manifest.sig');
    const noSig = path.join(dir.path, 'no-sig.zip');
    await writeZip(noSig, stripped);
    expect((await verifyPackage(noSig)).problems).toEqual([
      { file: 'manifest.json', problem: 'the package is not signed: it has no manifest.sig' },
    ]);

    const anonymous = await readZip(out.path);
    const manifest = JSON.parse(anonymous.get('manifest.json')!.toString('utf8')) as Manifest;
    delete manifest.signer;
    anonymous.set('manifest.json', Buffer.from(JSON.stringify(manifest)));
    const noSigner = path.join(dir.path, 'no-signer.zip');
    await writeZip(noSigner, anonymous);
    expect((await verifyPackage(noSigner)).problems).toEqual([
      { file: 'manifest.sig', problem: 'the package is not signed: its manifest names no signer' },
    ]);

    const relabelled = await readZip(out.path);
    const m2 = JSON.parse(relabelled.get('manifest.json')!.toString('utf8')) as Manifest;
    m2.signer!.fingerprint = '0000000000000000';
    relabelled.set('manifest.json', Buffer.from(JSON.stringify(m2)));
    const wrongPrint = path.join(dir.path, 'wrong-print.zip');
    await writeZip(wrongPrint, relabelled);
    expect((await verifyPackage(wrongPrint)).problems).toEqual([
      { file: 'manifest.sig', problem: expect.stringContaining('fingerprint in the manifest is not the fingerprint') },
    ]);
  });
});
