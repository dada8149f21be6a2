/** The open policy's tab is part of the address: a reload (or a copied link) opens the same tab. */
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
