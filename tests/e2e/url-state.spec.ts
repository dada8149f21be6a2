/** The open policy's tab is part of the address: a reload (or a copied link) opens the same tab. */
import type { ComplyflowApi } from '../../src-shared/api';
import { expect, test } from './fixtures';
import { createSavedPolicy } from './policy-steps';

test('the selected policy tab survives a reload and follows the address', async ({ app }) => {
  await app.getByRole('link', { name: 'Policies' }).click();
  const editor = await createSavedPolicy(app, { title: 'Vendor Policy' });
  await editor.getByRole('tab', { name: 'History' }).click();
  await expect(app).toHaveURL(/#\/policies\/[0-9a-f-]{36}\/history$/);

  await app.reload();
  await expect(editor.getByRole('tab', { name: 'History' })).toHaveAttribute('aria-selected', 'true');
  // The first save and the title change: two revisions.
  await expect(editor.getByTestId('revision-row')).toHaveCount(2);

  await editor.getByRole('tab', { name: 'Write' }).click();
  await expect(app).toHaveURL(/#\/policies\/[0-9a-f-]{36}$/);
  const url = app.url();
  await app.goto(`${url}/trail`);
  await expect(editor.getByRole('tab', { name: 'Trail' })).toHaveAttribute('aria-selected', 'true');
});

test('the control open in fieldwork is in the address: a reload reopens it', async ({ app }) => {
  await app.evaluate(async () => {
    const api = (globalThis as unknown as { complyflow: ComplyflowApi }).complyflow;
    const fw = await api.frameworks.importShipped({ name: 'nist-800-53r5-low', jobId: 'e2e-low' });
    if (!fw.ok) throw new Error(fw.error.message);
    const audit = await api.audits.create({
      title: 'Fieldwork 2026',
      windowStart: '2026-01-01',
      windowEnd: '2026-06-30',
      frameworkId: fw.value.frameworkId,
    });
    if (!audit.ok) throw new Error(audit.error.message);
  });
  await app.getByRole('link', { name: 'Audits' }).click();
  await app.getByRole('link', { name: 'Fieldwork 2026' }).click();
  const scope = app.getByRole('listbox', { name: 'Controls in scope' });
  await expect(scope.getByRole('option').first()).toHaveAttribute('aria-selected', 'true');
  await scope.focus();
  await app.keyboard.press('j');
  await app.keyboard.press('j');
  const third = scope.getByRole('option').nth(2);
  await expect(third).toHaveAttribute('aria-selected', 'true');
  const label = (await third.locator('.scope-label').textContent()) ?? '';
  await expect(app).toHaveURL(/#\/audits\/[0-9a-f-]{36}\/[0-9a-f-]{36}$/);

  await app.reload();
  await expect(scope.getByRole('option').nth(2)).toHaveAttribute('aria-selected', 'true');
  await expect(app.getByRole('heading', { level: 2, name: new RegExp(`^${label.replace(/[()]/g, '\\$&')} `) })).toBeVisible();
});

test('the control selected on the Frameworks screen is in the address: a reload reopens it', async ({ app }) => {
  await app.evaluate(async () => {
    const api = (globalThis as unknown as { complyflow: ComplyflowApi }).complyflow;
    const fw = await api.frameworks.importShipped({ name: 'nist-800-53r5-low', jobId: 'e2e-low' });
    if (!fw.ok) throw new Error(fw.error.message);
  });
  await app.getByRole('link', { name: 'Frameworks' }).click();
  const list = app.getByRole('listbox', { name: 'Controls' });
  await list.getByRole('option', { name: /^AC-3 Access Enforcement/ }).click();
  const detail = app.getByRole('article');
  await expect(detail.getByRole('heading', { name: 'AC-3 Access Enforcement' })).toBeVisible();
  await expect(app).toHaveURL(/#\/frameworks\/[0-9a-f-]{36}\/[0-9a-f-]{36}$/);

  await app.reload();
  await expect(detail.getByRole('heading', { name: 'AC-3 Access Enforcement' })).toBeVisible();
  await expect(list.getByRole('option', { selected: true })).toContainText('AC-3');

  // Another control: the address follows, and a reload opens that one.
  await list.getByRole('option', { name: /^AC-2 Account Management/ }).click();
  await expect(detail.getByRole('heading', { name: 'AC-2 Account Management' })).toBeVisible();
  const url = app.url();
  await app.reload();
  await expect(detail.getByRole('heading', { name: 'AC-2 Account Management' })).toBeVisible();
  await expect(app).toHaveURL(url);
});
