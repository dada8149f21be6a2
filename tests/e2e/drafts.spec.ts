/**
 * Text typed and not saved survives a reload or crash of the window: the editor offers it back,
 * and restoring it brings back exactly what was typed, still unsaved.
 */
import type { Page } from '@playwright/test';
import type { ComplyflowApi } from '../../src-shared/api';
import { expect, test } from './fixtures';
import { createSavedPolicy } from './policy-steps';

test('an unsaved policy edit is offered back after a reload, and can be discarded', async ({ app }) => {
  await app.getByRole('link', { name: 'Policies' }).click();
  const editor = await createSavedPolicy(app, { title: 'Remote Work Policy' });
  await editor.getByLabel('Title').fill('Remote and Hybrid Work Policy');
  await editor.getByRole('textbox', { name: 'Policy body' }).click();
  await app.keyboard.type('Laptops are encrypted.');
  await expect(editor.getByText('Unsaved changes')).toBeVisible();
  // The draft is written shortly after typing stops.
  await expect
    .poll(() => app.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('complyflow.draft.')).length))
    .toBe(1);

  await app.reload();
  const kept = app.getByRole('region', { name: 'Unsaved changes kept' });
  await expect(kept).toContainText('Changes you had not saved');
  await expect(editor.getByLabel('Title')).toHaveValue('Remote Work Policy');
  await kept.getByRole('button', { name: 'Restore unsaved changes' }).click();
  await expect(editor.getByLabel('Title')).toHaveValue('Remote and Hybrid Work Policy');
  await expect(editor.getByRole('textbox', { name: 'Policy body' })).toContainText('Laptops are encrypted.');
  await expect(editor.getByText('Unsaved changes')).toBeVisible();
  await editor.getByRole('button', { name: 'Save' }).click();
  await expect(editor.getByText(/^Saved /)).toBeVisible();

  // Saved: nothing is offered any more.
  await app.reload();
  await expect(editor.getByLabel('Title')).toHaveValue('Remote and Hybrid Work Policy');
  await expect(app.getByRole('region', { name: 'Unsaved changes kept' })).toHaveCount(0);

  // Discarding forgets a kept draft for good.
  await editor.getByLabel('Title').fill('Telework Policy');
  await expect
    .poll(() => app.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('complyflow.draft.')).length))
    .toBe(1);
  await app.reload();
  await app.getByRole('region', { name: 'Unsaved changes kept' }).getByRole('button', { name: 'Discard them' }).click();
  await expect(app.getByRole('region', { name: 'Unsaved changes kept' })).toHaveCount(0);
  await app.reload();
  await expect(editor.getByLabel('Title')).toHaveValue('Remote and Hybrid Work Policy');
  await expect(app.getByRole('region', { name: 'Unsaved changes kept' })).toHaveCount(0);
});

const keptDrafts = (app: Page) =>
  app.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('complyflow.draft.')).length);

test('unsaved control notes are offered back after a reload, and saving forgets them', async ({ app }) => {
  await app.evaluate(async () => {
    const api = (globalThis as unknown as { complyflow: ComplyflowApi }).complyflow;
    const fw = await api.frameworks.importShipped({ name: 'nist-800-53r5-low', jobId: 'e2e-low' });
    if (!fw.ok) throw new Error(fw.error.message);
  });
  await app.getByRole('link', { name: 'Frameworks' }).click();
  await app
    .getByRole('listbox', { name: 'Controls' })
    .getByRole('option', { name: /^AC-2 Account Management/ })
    .click();
  const form = app.getByRole('form', { name: 'Control status' });
  await form.getByLabel('Notes').fill('Accounts are reviewed every quarter.');
  await expect.poll(() => keptDrafts(app)).toBe(1);

  await app.reload();
  const kept = app.getByRole('region', { name: 'Unsaved changes kept' });
  await expect(kept).toContainText('Changes you had not saved');
  await expect(app.getByRole('article').getByRole('heading', { name: 'AC-2 Account Management' })).toBeVisible();
  await expect(form.getByLabel('Notes')).toHaveValue('');
  await kept.getByRole('button', { name: 'Restore unsaved changes' }).click();
  await expect(form.getByLabel('Notes')).toHaveValue('Accounts are reviewed every quarter.');
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(form.getByText(/^Saved /)).toBeVisible();
  await expect.poll(() => keptDrafts(app)).toBe(0);

  await app.reload();
  await expect(form.getByLabel('Notes')).toHaveValue('Accounts are reviewed every quarter.');
  await expect(app.getByRole('region', { name: 'Unsaved changes kept' })).toHaveCount(0);
});

test('an unsaved evidence description is offered back after a reload, and can be discarded', async ({ app }) => {
  await app.getByRole('link', { name: 'Evidence' }).click();
  await app
    .getByLabel('Choose evidence files')
    .setInputFiles({ name: 'restore-test.txt', mimeType: 'text/plain', buffer: Buffer.from('restored 3 files\n') });
  await app.getByRole('form', { name: 'Add evidence' }).getByRole('button', { name: 'Add evidence' }).click();
  const detail = app.getByRole('form', { name: 'Evidence details' });
  await expect(detail.getByRole('heading', { name: 'restore-test' })).toBeVisible();
  await detail.getByLabel('Description').fill('Restore of the March backup onto a spare server.');
  await expect.poll(() => keptDrafts(app)).toBe(1);

  await app.reload();
  const kept = app.getByRole('region', { name: 'Unsaved changes kept' });
  await expect(kept).toContainText('Changes you had not saved');
  await expect(detail.getByLabel('Description')).toHaveValue('');
  await kept.getByRole('button', { name: 'Restore unsaved changes' }).click();
  await expect(detail.getByLabel('Description')).toHaveValue('Restore of the March backup onto a spare server.');
  await expect(detail.getByText('Unsaved changes')).toBeVisible();

  // Reloaded again without saving: offered again; discarding forgets it for good.
  await app.reload();
  await kept.getByRole('button', { name: 'Discard them' }).click();
  await expect(kept).toHaveCount(0);
  await expect(detail.getByLabel('Description')).toHaveValue('');
  await app.reload();
  await expect(detail.getByRole('heading', { name: 'restore-test' })).toBeVisible();
  await expect(kept).toHaveCount(0);
  expect(await keptDrafts(app)).toBe(0);
});
