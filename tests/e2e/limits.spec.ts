/**
 * Length limits are shown while typing and refused, never applied by cutting the text: a pasted
 * 526-character title stays whole, says by how much it is over, and cannot be saved until it fits.
 */
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
