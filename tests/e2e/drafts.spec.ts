/**
 * Text typed and not saved survives a reload or crash of the window: the editor offers it back,
 * and restoring it brings back exactly what was typed, still unsaved.
 */
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
