/**
 * Capture you can prove, on a real core and replica in the local workspace: evidence captured in
 * an audit through evidence.add is signed with the device key over complyflow-capture-v1, the
 * evidence view's answer says the signature is valid, and any signed field changed afterwards in
 * the replica (as a pulled row could) makes it say the signature does not match. A key the
 * organization did not register for the device is named as such.
 */
import os from 'node:os';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../../src-main/core/core';
import { deviceSigner, verifyDeviceSignature } from '../../../../src-main/core/devices/device-signer';
import { captureBytes } from '../../../../src-main/core/evidence/capture-signature';
import { evidenceHandlers } from '../../../../src-main/core/evidence/evidence-handlers';
import { captureLine, type EvidenceDetail } from '../../../../src-shared/domain/evidence';
import { LOCAL_ORG_ID } from '../../../../src-shared/domain/common';
import { tempDir } from '../../../support/temp-dir';
import { seedAudit, seedControl, seedFramework } from '../dashboard/seed';
import { stagedId } from '../../../support/staged-file';

let dir: ReturnType<typeof tempDir>;
let core: Core;
const ctx = { actor: 'Ana Auditor' };
const AT = '2026-12-01T22:15:30.123Z';

beforeEach(() => {
  dir = tempDir();
  core = createCore({ dataDir: dir.path, now: () => AT, log: { error: () => undefined } });
});
afterEach(() => {
  core.close();
  dir.remove();
});

async function call<T>(method: string, input: unknown): Promise<T> {
  const result = await core.router.call('evidence', method, input, ctx);
  if (!result.ok) throw new Error(result.error.message);
  return result.value as T;
}

function seedAuditControl() {
  const fw = seedFramework(core, 'NIST Moderate');
  const control = seedControl(core, fw, { key: 'ac-2', title: 'Account Management' });
  const audit = seedAudit(core, { title: 'Field audit', frameworkId: fw, scope: [control] });
  return { audit, control };
}

const capture = async (auditId: string | null, controlIds: string[]) =>
  call<{ id: string }>('add', {
    title: 'Badge reader photo',
    stagedFileId: await stagedId(core, 'door log 07:00 – 19:00', 'badge.txt'),
    asOfDate: '2026-12-01',
    controlIds,
    auditId,
  });

describe('capture signatures', () => {
  it('signs a capture in an audit over the documented bytes, and the evidence view says it is valid', async () => {
    const { audit, control } = seedAuditControl();
    const { id } = await capture(audit, [control]);
    const detail = await call<EvidenceDetail>('get', { id });
    const signer = await deviceSigner({ db: core.db, secrets: core.deps.sync!.secrets, orgId: LOCAL_ORG_ID, userId: null });
    expect(detail.capture).toEqual({
      deviceId: signer.deviceId,
      deviceName: os.hostname(),
      capturedAt: AT,
      fingerprint: signer.fingerprint,
      status: 'valid',
      keyChecked: false,
    });
    expect(captureLine(detail.capture!)).toBe(`Captured offline on ${os.hostname()} at ${AT}, signature valid`);

    // The stored signature is over exactly the documented lines, checkable without the app's code paths.
    const row = core.db.prepare('SELECT * FROM evidence WHERE id = ?').get(id) as Record<string, string>;
    const text = [
      'complyflow-capture-v1',
      detail.sha256,
      AT,
      audit,
      control,
      signer.deviceId,
      signer.publicKey,
      signer.fingerprint,
    ].join('\n');
    expect(
      captureBytes({
        sha256: detail.sha256,
        claimedCapturedAt: AT,
        auditId: audit,
        controlIds: [control],
        deviceId: signer.deviceId,
        publicKey: signer.publicKey,
        fingerprint: signer.fingerprint,
      }).toString('utf8'),
    ).toBe(text);
    expect(verifyDeviceSignature(row.capture_public_key!, Buffer.from(text, 'utf8'), row.capture_signature!)).toBe(true);
    expect(row).toMatchObject({ claimed_captured_at: AT, capture_controls: control, capture_device_id: signer.deviceId });
  });

  it.each([
    ['claimed_captured_at', '2026-11-30T08:00:00.000Z'],
    ['sha256', 'f'.repeat(64)],
    ['capture_controls', '00000000-0000-4000-8000-00000000beef'],
    ['capture_device_id', '00000000-0000-4000-8000-00000000cafe'],
    ['capture_key_fingerprint', '0123456789abcdef'],
  ])('says the signature does not match once %s changed after capture', async (column, value) => {
    const { audit, control } = seedAuditControl();
    const { id } = await capture(audit, [control]);
    core.db.prepare(`UPDATE evidence SET "${column}" = ? WHERE id = ?`).run(value, id);
    const detail = await call<EvidenceDetail>('get', { id });
    expect(detail.capture?.status).toBe('mismatch');
    expect(captureLine(detail.capture!)).toMatch(/: the signature does not match \(/);
  });

  it('says so when the audit id changed after capture', async () => {
    const { audit, control } = seedAuditControl();
    const { id } = await capture(audit, [control]);
    const other = seedAudit(core, { title: 'Another audit' });
    core.db.prepare('UPDATE evidence SET audit_id = ? WHERE id = ?').run(other, id);
    expect((await call<EvidenceDetail>('get', { id })).capture?.status).toBe('mismatch');
  });

  it('keeps evidence outside an audit unsigned, with its claimed capture time', async () => {
    const { control } = seedAuditControl();
    const { id } = await capture(null, [control]);
    expect((await call<EvidenceDetail>('get', { id })).capture).toBeNull();
    expect(core.db.prepare('SELECT claimed_captured_at, capture_signature FROM evidence WHERE id = ?').get(id)).toEqual({
      claimed_captured_at: AT,
      capture_signature: null,
    });
  });

  it('a refused capture (closed audit) signs nothing and makes no device key', async () => {
    const { audit, control } = seedAuditControl();
    core.db.prepare("UPDATE audits SET status = 'closed' WHERE id = ?").run(audit);
    await expect(capture(audit, [control])).rejects.toThrow(/closed/);
    expect(core.db.prepare("SELECT count(*) AS n FROM settings WHERE key LIKE 'device.%'").get()).toEqual({ n: 0 });
  });

  it('compares the key with the one the organization registered for the device, when it can tell', async () => {
    const { audit, control } = seedAuditControl();
    const { id } = await capture(audit, [control]);
    const signer = await deviceSigner({ db: core.db, secrets: core.deps.sync!.secrets, orgId: LOCAL_ORG_ID, userId: null });
    // As an organization workspace would see it (the local workspace has no server to ask).
    const asOrg = { ...core.deps, orgId: '11111111-1111-4111-8111-111111111111' };
    core.db.prepare('UPDATE evidence SET org_id = ? WHERE id = ?').run(asOrg.orgId, id);
    const asked: string[] = [];
    const handlers = (key: string | null | undefined) =>
      evidenceHandlers(asOrg, {
        registeredKey: async (deviceId) => {
          asked.push(deviceId);
          return key;
        },
      });
    const get = async (key: string | null | undefined) =>
      (await handlers(key).get({ id }, { actor: 'x' } as never)) as EvidenceDetail;
    expect((await get(signer.publicKey)).capture).toMatchObject({ status: 'valid', keyChecked: true });
    const forged = await get('A'.repeat(43));
    expect(forged.capture).toMatchObject({ status: 'unregistered-key', keyChecked: true });
    expect(captureLine(forged.capture!)).toContain('did not register for this device');
    expect((await get(null)).capture?.status).toBe('unregistered-key');
    // Offline (cannot tell): the signature alone is checked.
    expect((await get(undefined)).capture).toMatchObject({ status: 'valid', keyChecked: false });
    expect(asked).toEqual([signer.deviceId, signer.deviceId, signer.deviceId, signer.deviceId]);
  });
});
