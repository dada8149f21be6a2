import Database from 'better-sqlite3';
import path from 'node:path';
import { expect, test } from './fixtures';

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
    await app.getByRole('button', { name: 'New policy' }).click();
    const editor = app.getByRole('form', { name: 'Policy editor' });
    // The new policy's editor, not the one open before it.
    await expect(editor.getByLabel('Title')).toHaveValue('Untitled policy');
    await editor.getByLabel('Title').fill(title);
    await editor.getByRole('button', { name: 'Save' }).click();
    await expect(editor.getByText(/^Saved /)).toBeVisible();
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
  await app.getByRole('button', { name: 'New policy' }).click();
  const editor = app.getByRole('form', { name: 'Policy editor' });
  // The new policy's editor, not the one open before it.
  await expect(editor.getByLabel('Title')).toHaveValue('Untitled policy');
  await editor.getByLabel('Title').fill('Clean Desk Policy');
  await editor.getByRole('button', { name: 'Save' }).click();
  await expect(editor.getByText(/^Saved /)).toBeVisible();
  await editor.getByRole('button', { name: 'Delete' }).click();
  await expect(app.getByRole('listbox', { name: 'Policies' }).getByRole('option', { name: /Clean Desk Policy/ })).toHaveCount(0);
  await app.getByRole('button', { name: 'Undo' }).click();
  await expect(app.getByRole('listbox', { name: 'Policies' }).getByRole('option', { name: /Clean Desk Policy/ })).toBeVisible();
});
