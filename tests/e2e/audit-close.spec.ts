/**
 * Closing an audit is the sign-off: the app first says what is untested and which findings are
 * open, and asks; a closed audit reopens only with a reason, which the audit's history shows.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import path from 'node:path';
import type { ComplyflowApi } from '../../src-shared/api';
import { expect, test } from './fixtures';

type AppWindow = { complyflow: ComplyflowApi };

/** Screenshots for the change note, only when asked for (COMPLYFLOW_SHOTS=<folder>). */
const shot = async (page: Page, name: string) => {
  if (process.env.COMPLYFLOW_SHOTS)
    await page.screenshot({ path: path.join(process.env.COMPLYFLOW_SHOTS, `daily-a-${name}.png`) });
};

test('closing shows what is untested and open and asks; reopening needs a reason that the history keeps', async ({ app }) => {
  await app.evaluate(async () => {
    const api = (globalThis as unknown as AppWindow).complyflow;
    const unwrap = <T>(r: { ok: true; value: T } | { ok: false; error: { message: string } }): T => {
      if (!r.ok) throw new Error(r.error.message);
      return r.value;
    };
    const fw = unwrap(await api.frameworks.importShipped({ name: 'nist-800-53r5-low', jobId: 'e2e-low' }));
    const controls = unwrap(await api.controls.list({ frameworkId: fw.frameworkId, limit: 3 })).items;
    const audit = unwrap(
      await api.audits.create({
        title: 'Access review 2026',
        windowStart: '2026-01-01',
        windowEnd: '2026-06-30',
        controlIds: controls.map((c) => c.id),
      }),
    );
    unwrap(await api.audits.update({ id: audit.id, status: 'fieldwork' }));
    unwrap(await api.audits.recordResult({ auditId: audit.id, controlId: controls[0].id, result: 'pass' }));
    unwrap(
      await api.findings.create({
        auditId: audit.id,
        controlId: controls[1].id,
        title: 'Stale accounts not removed',
        severity: 'high',
      }),
    );
  });

  await app.getByRole('link', { name: 'Audits' }).click();
  await app.getByRole('link', { name: 'Access review 2026' }).click();
  await expect(app.getByText('3 controls in scope')).toBeVisible();
  await app.getByLabel('Audit status').selectOption({ label: 'Closed' });

  const ask = app.getByRole('alertdialog', { name: 'Close “Access review 2026”?' });
  await expect(ask).toContainText('2 controls of 3 are untested.');
  await expect(ask.getByRole('list', { name: 'Untested controls' }).getByRole('listitem')).toHaveCount(2);
  await expect(ask).toContainText('1 finding is still open.');
  await expect(ask.getByRole('list', { name: 'Open findings' })).toContainText('High Stale accounts not removed');
  await shot(app, 'audit-close-asks');
  for (const theme of ['light', 'dark']) {
    await app.locator('html').evaluate((html, t) => html.setAttribute('data-theme', t), theme);
    const axe = await new AxeBuilder({ page: app }).include('.confirm-dialog').analyze();
    expect(axe.violations.map((v) => `${theme} ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  }
  await app.locator('html').evaluate((html) => html.setAttribute('data-theme', 'light'));

  // Cancel leaves the audit as it was.
  await ask.getByRole('button', { name: 'Cancel' }).click();
  await expect(ask).toHaveCount(0);
  await expect(app.getByLabel('Audit status')).toHaveValue('fieldwork');
  await expect(app.getByRole('radio', { name: 'Pass' })).toBeEnabled();

  await app.getByLabel('Audit status').selectOption({ label: 'Closed' });
  await ask.getByRole('button', { name: 'Close anyway' }).click();
  await expect(app.getByText('This audit is closed: its results and findings are read-only.')).toBeVisible();
  await shot(app, 'audit-closed');

  await app.getByRole('button', { name: 'Reopen audit…' }).click();
  const reopen = app.getByRole('alertdialog', { name: 'Reopen “Access review 2026”?' });
  await expect(reopen.getByRole('button', { name: 'Reopen audit' })).toBeDisabled();
  await reopen.getByLabel('Reason for reopening').fill('   ');
  await expect(reopen.getByRole('button', { name: 'Reopen audit' })).toBeDisabled();
  await reopen.getByLabel('Reason for reopening').fill('Evidence for AC-2 arrived after sign-off.');
  await shot(app, 'audit-reopen');
  await reopen.getByRole('button', { name: 'Reopen audit' }).click();
  await expect(reopen).toHaveCount(0);
  await expect(app.getByLabel('Audit status')).toHaveValue('reporting');
  await expect(app.getByText('This audit is closed')).toHaveCount(0);

  await app.getByText('Audit history').click();
  const history = app.getByRole('group', { name: 'Changes to this audit' });
  const newest = history.getByRole('listitem').first();
  await expect(newest.getByRole('row', { name: /Reopen reason/ })).toContainText('Evidence for AC-2 arrived after sign-off.');
  await expect(newest.getByRole('row', { name: /Status/ })).toContainText('ClosedReporting');
});
