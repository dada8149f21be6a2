import Database from 'better-sqlite3';
import path from 'node:path';
import { expect, test } from './fixtures';
import { createSavedPolicy } from './policy-steps';

test('a policy created and edited in the UI is in the SQLite file and survives a restart', async ({ app, host }) => {
  await app.getByRole('link', { name: 'Policies' }).click();
  await app.getByRole('button', { name: 'New policy' }).click();

  const editor = app.getByRole('form', { name: 'Policy editor' });
  // The new policy's editor, not the one open before it.
  await expect(editor.getByLabel('Title')).toHaveValue('Untitled policy');
  await editor.getByLabel('Title').fill('Access Control Policy');
  await editor.getByLabel('Owner').fill('Dana Reyes');
  await editor.getByLabel('Next review date').fill('2027-01-31');
  await editor.getByRole('textbox', { name: 'Policy body' }).click();
  await app.keyboard.type('# Purpose\n\nAccess is granted on least privilege.');
  await expect(editor.getByText('Unsaved changes')).toBeVisible();
  await app.keyboard.press('Control+s');
  await expect(editor.getByText(/^Saved /)).toBeVisible();

  // The preview renders markdown, and raw HTML never becomes live markup.
  await editor.getByRole('tab', { name: 'Preview' }).click();
  await expect(editor.getByRole('heading', { name: 'Purpose' })).toBeVisible();

  const db = new Database(path.join(host.dataDir, 'workspaces/local/replica.sqlite3'), { readonly: true });
  const row = db.prepare('SELECT title, owner, body, next_review_date FROM policies WHERE deleted_at IS NULL').get();
  db.close();
  expect(row).toEqual({
    title: 'Access Control Policy',
    owner: 'Dana Reyes',
    body: '# Purpose\n\nAccess is granted on least privilege.',
    next_review_date: '2027-01-31',
  });

  await host.restart();
  await app.goto(host.url);
  await app.getByRole('link', { name: 'Policies' }).click();
  await app.getByLabel('Search policies').fill('least privilege');
  const option = app.getByRole('listbox', { name: 'Policies' }).getByRole('option', { name: /Access Control Policy/ });
  await expect(option).toBeVisible();
  await option.click();
  await expect(app.getByRole('form', { name: 'Policy editor' }).getByLabel('Owner')).toHaveValue('Dana Reyes');
});

test('the list filters by status and search finds words in the body', async ({ app }) => {
  await app.getByRole('link', { name: 'Policies' }).click();
  for (const [title, submit] of [
    ['Incident Response Plan', true],
    ['Vendor Management Policy', false],
  ] as const) {
    const editor = await createSavedPolicy(app, { title });
    // Status changes only through the workflow.
    if (submit) {
      await editor.getByRole('button', { name: 'Submit for review' }).click();
      await expect(editor.getByTestId('policy-status')).toHaveText('In review');
    }
  }
  await app.getByRole('search').getByLabel('Status').selectOption({ label: 'In review' });
  await expect(app.getByRole('listbox', { name: 'Policies' }).getByRole('option')).toHaveCount(1);
  await expect(app.getByRole('listbox', { name: 'Policies' }).getByRole('option')).toContainText('Incident Response Plan');
  await app.getByRole('search').getByLabel('Status').selectOption({ label: 'All' });
  await app.getByLabel('Search policies').fill('vendor');
  await expect(app.getByRole('listbox', { name: 'Policies' }).getByRole('option')).toHaveCount(1);
  await expect(app.getByRole('listbox', { name: 'Policies' }).getByRole('option')).toContainText('Vendor Management Policy');
});

test('a deleted policy can be brought back with Undo', async ({ app }) => {
  await app.getByRole('link', { name: 'Policies' }).click();
  const editor = await createSavedPolicy(app, { title: 'Clean Desk Policy' });
  await editor.getByRole('button', { name: 'Delete' }).click();
  await expect(app.getByRole('listbox', { name: 'Policies' }).getByRole('option', { name: /Clean Desk Policy/ })).toHaveCount(0);
  await app.getByRole('button', { name: 'Undo' }).click();
  await expect(app.getByRole('listbox', { name: 'Policies' }).getByRole('option', { name: /Clean Desk Policy/ })).toBeVisible();
});

test('unsaved edits are never lost silently: nav, the list, back and reload ask, and only leaving discards them', async ({
  app,
}) => {
  await app.getByRole('link', { name: 'Policies' }).click();
  await createSavedPolicy(app, { title: 'Asset Management Policy' });
  const editor = await createSavedPolicy(app, { title: 'Backup Policy' });
  const url = app.url();
  await editor.getByLabel('Title').fill('Backup and Restore Policy');
  await expect(editor.getByText('Unsaved changes')).toBeVisible();

  // Each way out asks; staying keeps the edit where it was.
  const stayOn = async (leave: () => Promise<unknown>) => {
    const asked = app.waitForEvent('dialog', { timeout: 5_000 });
    const left = leave();
    const dialog = await asked;
    expect(dialog.message()).toContain('the policy “Backup Policy”');
    await dialog.dismiss();
    await left;
    await expect(editor.getByLabel('Title')).toHaveValue('Backup and Restore Policy');
    expect(app.url()).toBe(url);
  };
  await stayOn(() => app.getByRole('link', { name: 'Dashboard' }).click());
  await stayOn(() =>
    app
      .getByRole('listbox', { name: 'Policies' })
      .getByRole('option', { name: /Asset Management Policy/ })
      .click(),
  );
  await stayOn(() => app.goBack());
  await stayOn(() => app.getByRole('button', { name: 'New policy' }).click());
  await expect(app.getByRole('listbox', { name: 'Policies' }).getByRole('option')).toHaveCount(2);

  // Reload asks through the browser's own prompt.
  const beforeUnload = app.waitForEvent('dialog', { timeout: 5_000 });
  void app.evaluate(() => window.location.reload()).catch(() => undefined);
  const prompt = await beforeUnload;
  expect(prompt.type()).toBe('beforeunload');
  await prompt.dismiss();
  await expect(editor.getByLabel('Title')).toHaveValue('Backup and Restore Policy');

  // Leaving on purpose discards the edit.
  app.once('dialog', (dialog) => void dialog.accept());
  await app.getByRole('link', { name: 'Dashboard' }).click();
  await expect(app.getByRole('heading', { name: 'Dashboard' })).toBeVisible();
  await app.goBack();
  await expect(app.getByRole('form', { name: 'Policy editor' }).getByLabel('Title')).toHaveValue('Backup Policy');
  await expect(app.getByRole('form', { name: 'Policy editor' }).getByText(/^Saved /)).toBeVisible();
});

test('Enter in the control search does not save the policy', async ({ app }) => {
  await app.getByRole('link', { name: 'Policies' }).click();
  const editor = await createSavedPolicy(app, { title: 'Remote Work Policy' });
  await editor.getByLabel('Owner').fill('Sam Ortiz');
  await editor.getByRole('tab', { name: 'Controls' }).click();
  await editor.getByLabel('Find controls to link').fill('AC-2');
  await editor.getByLabel('Find controls to link').press('Enter');
  await editor.getByRole('tab', { name: 'History' }).click();
  await expect(editor.getByTestId('revision-row')).toHaveCount(2);
  await expect(editor.getByText('Unsaved changes')).toBeVisible();
  await expect(editor.getByLabel('Owner')).toHaveValue('Sam Ortiz');
});

test('a double-click on New policy makes one policy, and on a workflow step takes one step without errors', async ({ app }) => {
  await app.getByRole('link', { name: 'Policies' }).click();
  await app.getByRole('button', { name: 'New policy' }).dblclick();
  const editor = app.getByRole('form', { name: 'Policy editor' });
  await expect(editor.getByLabel('Title')).toHaveValue('Untitled policy');
  await expect(app.getByText('1 policy', { exact: true })).toBeVisible();

  await editor.getByRole('button', { name: 'Submit for review' }).dblclick();
  await expect(editor.getByTestId('policy-status')).toHaveText('In review');
  // The second click landed on "Approve", which took its place: it must not approve.
  await app.waitForTimeout(500);
  await expect(editor.getByTestId('policy-status')).toHaveText('In review');
  await expect(app.locator('.toast-error')).toHaveCount(0);
  await expect(app.getByText('1 policy', { exact: true })).toBeVisible();
});
