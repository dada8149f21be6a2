/**
 * Findings as auditors write them, fieldwork that starts on purpose, a scope that can be
 * narrowed, and search that lands on the control: through the built app in Chromium, by
 * accessible names.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import type { ComplyflowApi } from '../../src-shared/api';
import { expect, test } from './fixtures';

type AppWindow = { complyflow: ComplyflowApi };

/** The LOW baseline and one audit over it, through the app's own API; answers the audit id. */
async function seedAudit(app: Page, title: string): Promise<string> {
  return app.evaluate(async (auditTitle) => {
    const api = (globalThis as unknown as AppWindow).complyflow;
    const fw = await api.frameworks.importShipped({ name: 'nist-800-53r5-low', jobId: 'e2e-low' });
    if (!fw.ok) throw new Error(fw.error.message);
    const audit = await api.audits.create({
      title: auditTitle,
      frameworkId: fw.value.frameworkId,
      windowStart: '2026-01-01',
      windowEnd: '2026-06-30',
    });
    if (!audit.ok) throw new Error(audit.error.message);
    return audit.value.id;
  }, title);
}

async function openAudit(app: Page, title: string) {
  await app.getByRole('link', { name: 'Audits' }).click();
  await app.getByRole('link', { name: title }).click();
  await expect(app.getByRole('heading', { level: 1, name: title })).toBeVisible();
}

const axeClean = async (app: Page) => {
  for (const theme of ['light', 'dark']) {
    await app.locator('html').evaluate((html, t) => html.setAttribute('data-theme', t), theme);
    const axe = await new AxeBuilder({ page: app }).include('main').analyze();
    expect(axe.violations.map((v) => `${theme} ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  }
};

test('a planned audit says how to start fieldwork, and the scope list filters by words and by result', async ({ app }) => {
  await seedAudit(app, 'Access review 2026');
  await openAudit(app, 'Access review 2026');
  await expect(app.getByRole('note')).toContainText(
    'This audit is planned. Results and test notes can be recorded once fieldwork starts',
  );
  await expect(app.getByRole('radio', { name: 'Pass' })).toBeDisabled();
  await expect(app.getByLabel('Test notes')).not.toBeEditable();
  await app.getByRole('listbox', { name: 'Controls in scope' }).focus();
  await app.keyboard.press('1');
  await expect(app.getByTestId('fieldwork-announcer')).toHaveText(
    'This audit is planned: start fieldwork before recording results.',
  );
  const scope = app.getByRole('listbox', { name: 'Controls in scope' });
  await expect(scope.getByRole('option').first()).toContainText('No result');
  await axeClean(app);

  await app.getByRole('button', { name: 'Start fieldwork' }).click();
  await expect(app.getByRole('note')).toHaveCount(0);
  await expect(app.getByLabel('Audit status')).toHaveValue('fieldwork');
  await app.getByRole('listbox', { name: 'Controls in scope' }).focus();
  await app.keyboard.press('2'); // AC-1 fails
  await expect(scope.getByRole('option').first()).toContainText('Fail');

  await app.getByRole('searchbox', { name: 'Search controls in scope' }).fill('incident response');
  await expect(app.getByText(/^\d+ of 149 controls match$/)).toBeVisible();
  const labels = await scope.locator('.scope-label').allTextContents();
  expect(labels.length).toBeGreaterThan(0);
  expect(labels).toContain('IR-1');
  expect(labels).not.toContain('AC-1');

  await app.getByRole('searchbox', { name: 'Search controls in scope' }).fill('');
  await app.getByRole('combobox', { name: 'Show' }).selectOption({ label: 'Fail' });
  await expect(app.getByText('1 of 149 controls match')).toBeVisible();
  await expect(scope.getByRole('option')).toHaveCount(1);
  await expect(scope.getByRole('option')).toContainText('AC-1');
  await app.getByRole('combobox', { name: 'Show' }).selectOption({ label: 'Pass' });
  await expect(app.getByText('0 of 149 controls match')).toBeVisible();
  await expect(app.getByText('No control in scope matches the search or filter.')).toBeVisible();
  await app.getByRole('combobox', { name: 'Show' }).selectOption({ label: 'All controls' });
  await expect(app.getByText('149 controls in scope')).toBeVisible();
});

test('a finding is written in full, moves through remediation, and a risk accepted names who and why', async ({ app, host }) => {
  const auditId = await seedAudit(app, 'MFA audit');
  await app.evaluate((id) => (globalThis as unknown as AppWindow).complyflow.audits.update({ id, status: 'fieldwork' }), auditId);
  await app.setViewportSize({ width: 1280, height: 900 });
  await openAudit(app, 'MFA audit');

  const form = app.getByRole('form', { name: 'New finding' });
  await form.getByLabel('Finding title').fill('Admins without MFA');
  await form.getByLabel('Severity').selectOption({ label: 'High' });
  await form.getByText('Condition, criteria, cause, effect, recommendation').click();
  await form.getByRole('textbox', { name: 'Condition' }).fill('3 of 25 sampled admin accounts had no second factor.');
  await form.getByRole('textbox', { name: 'Criteria' }).fill('IA-2(1): MFA for privileged accounts.');
  await expect(form.getByRole('textbox', { name: 'Cause' })).toHaveAccessibleDescription(
    'Why the condition exists 0 of 20,000 characters',
  );
  await form.getByRole('button', { name: 'Add finding' }).click();
  const findings = app.getByRole('list', { name: 'Findings on AC-1' });
  await expect(findings).toContainText('Admins without MFA');

  await findings.getByRole('button', { name: 'Edit finding Admins without MFA' }).click();
  const editor = app.getByRole('form', { name: 'Finding Admins without MFA' });
  await expect(editor.getByRole('textbox', { name: 'Condition' })).toHaveValue(
    '3 of 25 sampled admin accounts had no second factor.',
  );
  await expect(editor.getByRole('textbox', { name: 'Criteria' })).toHaveValue('IA-2(1): MFA for privileged accounts.');
  await editor.getByRole('textbox', { name: 'Cause' }).fill('The enrolment job skips break-glass accounts.');
  await editor.getByRole('textbox', { name: 'Effect' }).fill('A stolen password gives administrative access.');
  await editor.getByRole('textbox', { name: 'Recommendation' }).fill('Enrol the accounts; cover break-glass in the job.');
  await editor.getByRole('textbox', { name: 'Management response' }).fill('Agreed; IT Ops fixes the job by April 30.');
  await editor.getByRole('combobox', { name: 'Remediation' }).selectOption({ label: 'In remediation' });
  await editor.getByRole('textbox', { name: 'Condition' }).scrollIntoViewIfNeeded();
  await axeClean(app);
  for (const theme of ['light', 'dark']) {
    await app.locator('html').evaluate((html, t) => html.setAttribute('data-theme', t), theme);
    await editor.screenshot({ path: test.info().outputPath(`finding-form-${theme}.png`) });
  }
  await editor.getByRole('button', { name: 'Save finding' }).click();
  await expect(app.getByTestId('fieldwork-announcer')).toHaveText('Finding “Admins without MFA” saved (In remediation)');
  await expect(findings.getByRole('combobox', { name: 'Status of finding Admins without MFA' })).toHaveValue('in_remediation');

  // Risk accepted from the list opens the editor and asks who and why.
  await findings.getByRole('combobox', { name: 'Status of finding Admins without MFA' }).selectOption({ label: 'Risk accepted' });
  const accepting = app.getByRole('form', { name: 'Finding Admins without MFA' });
  await expect(accepting.getByRole('textbox', { name: 'Risk accepted by' })).toBeFocused();
  await accepting.getByRole('textbox', { name: 'Risk accepted by' }).fill('Dana Reyes (CISO)');
  await accepting.getByRole('button', { name: 'Save finding' }).click();
  await expect(accepting.getByRole('alert')).toHaveText('Risk accepted needs who accepts the risk and why.');
  await accepting
    .getByRole('textbox', { name: 'Why the risk is accepted' })
    .fill('Break-glass accounts are sealed; reviewed monthly.');
  await accepting.getByRole('button', { name: 'Save finding' }).click();
  await expect(findings).toContainText('Risk accepted by Dana Reyes (CISO)');

  // All of it survives a restart.
  await host.restart();
  await app.goto(host.url);
  await openAudit(app, 'MFA audit');
  await app
    .getByRole('list', { name: 'Findings on AC-1' })
    .getByRole('button', { name: 'Edit finding Admins without MFA' })
    .click();
  const reopened = app.getByRole('form', { name: 'Finding Admins without MFA' });
  await expect(reopened.getByRole('textbox', { name: 'Management response' })).toHaveValue(
    'Agreed; IT Ops fixes the job by April 30.',
  );
  await expect(reopened.getByRole('textbox', { name: 'Cause' })).toHaveValue('The enrolment job skips break-glass accounts.');
  await expect(reopened.getByRole('combobox', { name: 'Remediation' })).toHaveValue('accepted');
  await expect(reopened.getByRole('textbox', { name: 'Why the risk is accepted' })).toHaveValue(
    'Break-glass accounts are sealed; reviewed monthly.',
  );

  // A closed audit shows the finding read-only.
  await reopened.getByRole('button', { name: 'Close' }).click();
  await app.getByLabel('Audit status').selectOption({ label: 'Closed' });
  // Closing asks first (what is untested, what is open).
  await app.getByRole('alertdialog', { name: 'Close “MFA audit”?' }).getByRole('button', { name: 'Close anyway' }).click();
  await app.getByRole('button', { name: 'View finding Admins without MFA' }).click();
  await expect(
    app.getByRole('form', { name: 'Finding Admins without MFA' }).getByRole('textbox', { name: 'Cause' }),
  ).toBeDisabled();
  await expect(app.getByRole('button', { name: 'Save finding' })).toHaveCount(0);
});

test('global search finds audits, test notes and findings by what was written, and a finding opens on its control', async ({
  app,
}) => {
  const auditId = await seedAudit(app, 'Quarterly offboarding audit');
  await app.evaluate(async (id) => {
    const api = (globalThis as unknown as AppWindow).complyflow;
    await api.audits.update({ id, status: 'fieldwork' });
    const scope = await api.audits.scope({ auditId: id, query: 'AC-2', limit: 5 });
    if (!scope.ok) throw new Error(scope.error.message);
    const ac2 = scope.value.items.find((i) => i.label === 'AC-2')!;
    const ir = await api.audits.scope({ auditId: id, query: 'IR-2', limit: 5 });
    if (!ir.ok) throw new Error(ir.error.message);
    const ir2 = ir.value.items.find((i) => i.label === 'IR-2')!;
    await api.findings.create({
      auditId: id,
      controlId: ac2.controlId,
      title: 'Leavers keep access',
      severity: 'high',
      condition: 'Contractor accounts stayed enabled for 41 days.',
    });
    await api.audits.recordResult({
      auditId: id,
      controlId: ir2.controlId,
      result: 'pass',
      notes: 'Tabletop exercise attended by all responders.',
    });
  }, auditId);

  const search = app.getByRole('combobox', { name: 'Search everything' });
  await search.fill('quarterly offboarding');
  await expect(app.getByRole('group', { name: 'Audits (1)' })).toContainText('Quarterly offboarding audit');

  await search.fill('tabletop');
  const notes = app.getByRole('group', { name: 'Test notes (1)' });
  await expect(notes).toContainText('Quarterly offboarding audit');
  await expect(notes).toContainText(/IR-2/);

  await search.fill('contractor enabled');
  const findingHits = app.getByRole('group', { name: 'Findings (1)' });
  await expect(findingHits).toContainText('Leavers keep access');
  await search.press('Enter');
  await expect(app.getByRole('heading', { level: 1, name: 'Quarterly offboarding audit' })).toBeVisible();
  await expect(app.getByRole('heading', { level: 2, name: /^AC-2 / })).toBeVisible();
  const selected = app.getByRole('listbox', { name: 'Controls in scope' }).getByRole('option', { selected: true });
  await expect(selected.locator('.scope-label')).toHaveText('AC-2');
  await expect(selected).toContainText('Account Management');
  await expect(app.getByRole('list', { name: 'Findings on AC-2' })).toContainText('Leavers keep access');

  // From fieldwork on another control, a test note opens its control in the same audit.
  await search.fill('tabletop');
  await app.getByRole('group', { name: 'Test notes (1)' }).getByRole('option').click();
  await expect(app.getByRole('heading', { level: 2, name: /^IR-2 / })).toBeVisible();
  await expect(app.getByLabel('Test notes')).toHaveValue('Tabletop exercise attended by all responders.');
});
