/**
 * Length limits are shown while typing and refused, never applied by cutting the text: a pasted
 * 526-character title stays whole, says by how much it is over, and cannot be saved until it fits.
 */
import type { ComplyflowApi } from '../../src-shared/api';
import { expect, test } from './fixtures';
import { createSavedPolicy } from './policy-steps';

test('a too-long policy title is kept whole, says by how much, and waits to be shortened', async ({ app }) => {
  await app.getByRole('link', { name: 'Policies' }).click();
  const editor = await createSavedPolicy(app, { title: 'Backup Policy' });
  await expect(editor.getByText('13 of 300 characters')).toBeVisible();

  const long = `Backup ${'and restore '.repeat(43)}Policy`.slice(0, 526);
  expect(long).toHaveLength(526);
  await editor.getByLabel('Title').fill(long);
  await expect(editor.getByLabel('Title')).toHaveValue(long);
  await expect(editor.getByLabel('Title')).toHaveAttribute('aria-invalid', 'true');
  await expect(editor.getByText('Title is too long: 526 characters, the limit is 300. Shorten it by 226.')).toBeVisible();
  await expect(editor.getByRole('button', { name: 'Save' })).toBeDisabled();
  await app.keyboard.press('Control+s');
  await expect(editor.getByText('Unsaved changes')).toBeVisible();

  await editor.getByLabel('Title').fill(long.slice(0, 300));
  await expect(editor.getByText('300 of 300 characters')).toBeVisible();
  await editor.getByRole('button', { name: 'Save' }).click();
  await expect(editor.getByText(/^Saved /)).toBeVisible();
  await expect(editor.getByLabel('Title')).toHaveValue(long.slice(0, 300).trim());
});

test('a too-long audit title is refused in the New audit dialog, not cut', async ({ app }) => {
  await app.getByRole('link', { name: 'Audits' }).click();
  await app.getByRole('button', { name: 'New audit' }).click();
  const dialog = app.getByRole('dialog', { name: 'New audit' });
  await dialog.getByLabel('Audit title').fill('Q'.repeat(310));
  await expect(dialog.getByLabel('Audit title')).toHaveValue('Q'.repeat(310));
  await expect(dialog.getByText('Audit title is too long: 310 characters, the limit is 300. Shorten it by 10.')).toBeVisible();
});

test('a too-long evidence title is refused when adding and when editing, not cut', async ({ app }) => {
  await app.getByRole('link', { name: 'Evidence' }).click();
  await app
    .getByLabel('Choose evidence files')
    .setInputFiles({ name: 'backup-log.txt', mimeType: 'text/plain', buffer: Buffer.from('backup ok\n') });
  const form = app.getByRole('form', { name: 'Add evidence' });
  await expect(form.getByText('10 of 300 characters')).toBeVisible();
  await form.getByLabel('Title').fill('B'.repeat(310));
  await expect(form.getByLabel('Title')).toHaveValue('B'.repeat(310));
  await expect(form.getByLabel('Title')).toHaveAttribute('aria-invalid', 'true');
  await expect(form.getByText('Title is too long: 310 characters, the limit is 300. Shorten it by 10.')).toBeVisible();
  await expect(form.getByRole('button', { name: 'Add evidence' })).toBeDisabled();
  await form.getByLabel('Title').fill('Backup log');
  await form.getByLabel('Description').fill('Nightly run');
  await expect(form.getByText('11 of 10,000 characters')).toBeVisible();
  await form.getByRole('button', { name: 'Add evidence' }).click();

  const detail = app.getByRole('form', { name: 'Evidence details' });
  await expect(detail.getByRole('heading', { name: 'Backup log' })).toBeVisible();
  const long = 'Backup log '.repeat(48).slice(0, 526);
  await detail.getByLabel('Title').fill(long);
  await expect(detail.getByLabel('Title')).toHaveValue(long);
  await expect(detail.getByText('Title is too long: 526 characters, the limit is 300. Shorten it by 226.')).toBeVisible();
  await expect(detail.getByRole('button', { name: 'Save' })).toBeDisabled();
  await detail.getByLabel('Title').press('Enter');
  await expect(detail.getByText('Unsaved changes')).toBeVisible();
  await detail.getByLabel('Title').fill('Backup log (nightly)');
  await detail.getByRole('button', { name: 'Save' }).click();
  await expect(detail.getByText('Saved', { exact: true })).toBeVisible();
  await expect(detail.getByRole('heading', { name: 'Backup log (nightly)' })).toBeVisible();
});

test('a too-long finding condition says by how much and the finding cannot be saved until it fits', async ({ app }) => {
  await app.evaluate(async () => {
    const api = (globalThis as unknown as { complyflow: ComplyflowApi }).complyflow;
    const fw = await api.frameworks.importShipped({ name: 'nist-800-53r5-low', jobId: 'e2e-low' });
    if (!fw.ok) throw new Error(fw.error.message);
    const audit = await api.audits.create({
      title: 'Limits audit',
      frameworkId: fw.value.frameworkId,
      windowStart: '2026-01-01',
      windowEnd: '2026-06-30',
    });
    if (!audit.ok) throw new Error(audit.error.message);
    const started = await api.audits.update({ id: audit.value.id, status: 'fieldwork' });
    if (!started.ok) throw new Error(started.error.message);
  });
  await app.getByRole('link', { name: 'Audits' }).click();
  await app.getByRole('link', { name: 'Limits audit' }).click();
  const form = app.getByRole('form', { name: 'New finding' });
  await form.getByLabel('Finding title').fill('Backups untested');
  await form.getByText('Condition, criteria, cause, effect, recommendation').click();
  await form.getByRole('textbox', { name: 'Condition' }).fill('x'.repeat(20_005));
  await expect(form.getByText('Condition is too long: 20,005 characters, the limit is 20,000. Shorten it by 5.')).toBeVisible();
  await expect(form.getByRole('button', { name: 'Add finding' })).toBeDisabled();
  await form.getByRole('textbox', { name: 'Condition' }).fill('No restore test in 2026.');
  await form.getByRole('button', { name: 'Add finding' }).click();

  const findings = app.getByRole('list', { name: 'Findings on AC-1' });
  await findings.getByRole('button', { name: 'Edit finding Backups untested' }).click();
  const editor = app.getByRole('form', { name: 'Finding Backups untested' });
  const condition = editor.getByRole('textbox', { name: 'Condition' });
  await expect(condition).toHaveValue('No restore test in 2026.');
  const long = `No restore test in 2026. ${'y'.repeat(20_000)}`;
  await condition.fill(long);
  await expect(condition).toHaveValue(long);
  await expect(condition).toHaveAttribute('aria-invalid', 'true');
  await expect(
    editor.getByText('Condition is too long: 20,025 characters, the limit is 20,000. Shorten it by 25.'),
  ).toBeVisible();
  await expect(editor.getByRole('button', { name: 'Save finding' })).toBeDisabled();
  await editor.getByLabel('Title').fill('T'.repeat(301));
  await expect(editor.getByText('Title is too long: 301 characters, the limit is 300. Shorten it by 1.')).toBeVisible();
  await editor.getByLabel('Title').fill('Backups never restored');
  await condition.fill('No restore test in 2026; the last one was in 2024.');
  await editor.getByRole('button', { name: 'Save finding' }).click();
  await expect(findings).toContainText('Backups never restored');
});
