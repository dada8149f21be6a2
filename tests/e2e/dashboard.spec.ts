/**
 * The dashboard as a user sees it: an overdue policy made in the UI and an open high finding
 * recorded during an audit both show, with links to the records.
 */
import { createCore } from '../../src-main/core/core';
import { seedAudit, seedControl, seedFinding, seedFramework } from '../unit/core/dashboard/seed';
import { expect, test } from './fixtures';
import { createSavedPolicy } from './policy-steps';

test('the dashboard shows an overdue policy and an open high finding, linking to each', async ({ app, host }) => {
  // A policy whose review date has passed, made through the editor.
  await app.getByRole('link', { name: 'Policies' }).click();
  await createSavedPolicy(app, { title: 'Business Continuity Policy', nextReviewDate: '2020-01-31' });

  // An audit with a high finding, written to the replica as fieldwork would.
  const core = createCore({ dataDir: host.dataDir, log: { error: () => undefined } });
  const fw = seedFramework(core, 'NIST SP 800-53 Low');
  const control = seedControl(core, fw, { key: 'cp-9', title: 'System Backup', status: 'implemented' });
  const auditId = seedAudit(core, { title: 'Continuity audit', frameworkId: fw, scope: [control] });
  seedFinding(core, auditId, { title: 'Backups never restored in a test', severity: 'high', controlId: control });
  core.close();

  await app.getByRole('link', { name: 'Dashboard' }).click();
  await app.reload();
  const policies = app.getByRole('region', { name: 'Policies overdue for review' });
  await expect(policies.getByLabel('1 policies overdue for review')).toBeVisible();
  await expect(policies.getByRole('link', { name: 'Business Continuity Policy' })).toBeVisible();

  const findings = app.getByRole('region', { name: 'Open findings' });
  await expect(findings.getByLabel('1 open findings')).toBeVisible();
  await expect(
    findings.getByRole('list', { name: 'Open findings by severity' }).getByRole('listitem').filter({ hasText: 'High' }),
  ).toContainText('1');
  await expect(
    findings.getByRole('list', { name: 'Open findings by severity' }).getByRole('listitem').filter({ hasText: 'Critical' }),
  ).toContainText('0');

  const readiness = app.getByRole('meter', { name: 'NIST SP 800-53 Low readiness' });
  await expect(readiness).toHaveAttribute('aria-valuetext', '0%: 0 of 1 applicable controls implemented and evidenced');

  await findings.getByRole('link', { name: 'Backups never restored in a test' }).click();
  // Fieldwork adds the control it shows to the address.
  await expect(app).toHaveURL(new RegExp(`#/audits/${auditId}(/[0-9a-f-]{36})?$`));

  // Back on the dashboard, a change made in the app (the policy's review date moves) refreshes it.
  await app.getByRole('link', { name: 'Dashboard' }).click();
  await policies.getByRole('link', { name: 'Business Continuity Policy' }).click();
  await expect(app).toHaveURL(/#\/policies\/[0-9a-f-]{36}$/);
  await app.getByRole('form', { name: 'Policy editor' }).getByLabel('Next review date').fill('2099-01-31');
  await app.getByRole('form', { name: 'Policy editor' }).getByRole('button', { name: 'Save' }).click();
  await expect(app.getByRole('form', { name: 'Policy editor' }).getByText(/^Saved /)).toBeVisible();
  await app.getByRole('link', { name: 'Dashboard' }).click();
  await expect(
    app.getByRole('region', { name: 'Policies overdue for review' }).getByLabel('0 policies overdue for review'),
  ).toBeVisible();
});
