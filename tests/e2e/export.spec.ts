/**
 * Export for the auditor, end to end: the user exports an audit's package from the app, the
 * built `complyflow verify-package` passes on it, and fails naming the one evidence file whose
 * byte was changed.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createCore } from '../../src-main/core/core';
import { seedAudit, seedControl, seedEvidence, seedFinding, seedFramework, seedResult } from '../unit/core/dashboard/seed';
import { flipByte, readZip } from '../unit/core/exports/zip-util';
import { expect, test } from './fixtures';

const ROOT = path.resolve(__dirname, '..', '..');
const DIST = process.env.COMPLYFLOW_DIST ? path.resolve(process.env.COMPLYFLOW_DIST) : path.join(ROOT, 'dist');
const verify = (zip: string) =>
  spawnSync(process.execPath, [path.join(DIST, 'main/cli.cjs'), 'verify-package', zip], { encoding: 'utf8' });

test('export the audit package, verify-package passes, then fails after one byte of one file changes', async ({ app, host }) => {
  const core = createCore({ dataDir: host.dataDir, log: { error: () => undefined } });
  const fw = seedFramework(core, 'NIST SP 800-53 Low');
  const control = seedControl(core, fw, { key: 'ia-2', title: 'Identification and Authentication', status: 'implemented' });
  const auditId = seedAudit(core, { title: 'Identity audit 2026', frameworkId: fw, scope: [control] });
  seedResult(core, auditId, control, 'fail', 'MFA missing for two admins');
  seedFinding(core, auditId, { title: 'Admins without MFA', severity: 'high', controlId: control });
  const evidence = seedEvidence(core, {
    title: 'MFA enrolment export',
    fileName: 'mfa-enrolment.csv',
    bytes: Buffer.from('user,mfa\nada,yes\nbob,no\n'),
    controlIds: [control],
  });
  core.close();
  await app.reload();

  await app.getByRole('button', { name: 'Export package for Identity audit 2026' }).click();
  const result = app.getByRole('status', { name: 'Export result' });
  await expect(result).toContainText('Package written: identity-audit-2026-');
  const zipPath = (await app.getByTestId('export-path').textContent())!.trim();
  expect(zipPath.startsWith(path.join(host.dataDir, 'exports'))).toBe(true);
  expect(existsSync(zipPath)).toBe(true);

  const ok = verify(zipPath);
  expect(ok.stderr).toBe('');
  expect(ok.status).toBe(0);
  expect(ok.stdout).toMatch(/OK: \d+ files match the manifest/);

  const evidenceEntry = `evidence/${evidence.sha256.slice(0, 12)}-mfa-enrolment.csv`;
  const tampered = path.join(host.dataDir, 'tampered.zip');
  await flipByte(zipPath, tampered, evidenceEntry, 5);
  const bad = verify(tampered);
  expect(bad.status).toBe(1);
  expect(bad.stdout).toContain(`MISMATCH ${evidenceEntry}: SHA-256 does not match`);
  expect(bad.stdout.match(/MISMATCH/g)).toHaveLength(1);
});

test('the audit view shows its id for the command line, and a written package is saved with Save as… (a download here)', async ({
  app,
  host,
}) => {
  const core = createCore({ dataDir: host.dataDir, log: { error: () => undefined } });
  const fw = seedFramework(core, 'NIST SP 800-53 Low');
  const control = seedControl(core, fw, { key: 'ac-2', title: 'Account Management', status: 'implemented' });
  const auditId = seedAudit(core, { title: 'Access audit 2026', frameworkId: fw, scope: [control] });
  core.close();
  await app.reload();
  await app.getByRole('link', { name: 'Audits' }).click();
  await app.getByRole('link', { name: 'Access audit 2026' }).click();
  await expect(app.getByTestId('audit-id')).toHaveText(auditId);
  await expect(app.getByRole('button', { name: 'Copy audit id' })).toBeVisible();

  await app.getByRole('button', { name: 'Export package for Access audit 2026' }).click();
  await expect(app.getByRole('status', { name: 'Export result' })).toContainText('Package written: access-audit-2026-');
  const zipPath = (await app.getByTestId('export-path').textContent())!.trim();
  await expect(app.getByRole('button', { name: 'Show in folder' })).toHaveCount(0); // desktop app only
  const downloading = app.waitForEvent('download');
  await app.getByRole('button', { name: 'Save as…' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe(path.basename(zipPath));
  const saved = await download.path();
  expect(readFileSync(saved).equals(readFileSync(zipPath))).toBe(true);
  await expect(app.getByRole('status', { name: 'Package hand-off' })).toHaveText(`Downloading ${path.basename(zipPath)}.`);

  // The downloaded copy verifies with the command the README documents, and carries the report and the trail.
  const ok = verify(saved);
  expect(ok.status).toBe(0);
  const files = await readZip(saved);
  expect(files.get('summary.html')!.toString()).toContain(`Audit id <code>${auditId}</code>`);
  expect(files.has('trail.json')).toBe(true);
});
