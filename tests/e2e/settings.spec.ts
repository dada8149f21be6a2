/**
 * Settings → You: the name a user sets is who the workspace records — on approvals and in the
 * audit trail — instead of "local"; an unsaved name is guarded like any other edit.
 */
import Database from 'better-sqlite3';
import path from 'node:path';
import { expect, test } from './fixtures';
import { approvePolicy, createSavedPolicy } from './policy-steps';

test('the name set in Settings is recorded as the approver and in the trail', async ({ app, host }) => {
  await app.getByRole('link', { name: 'Settings' }).click();
  const profile = app.getByRole('form', { name: 'Your name' });
  await profile.getByLabel('Your name').fill('   ');
  await expect(profile.getByRole('button', { name: 'Save name' })).toBeDisabled();
  await profile.getByLabel('Your name').fill('Dana Reyes');
  await profile.getByRole('button', { name: 'Save name' }).click();
  await expect(profile.getByText('Approvals, test results and the audit trail record you as Dana Reyes.')).toBeVisible();

  await app.getByRole('link', { name: 'Policies' }).click();
  const editor = await createSavedPolicy(app, { title: 'Acceptable Use Policy' });
  await editor.getByRole('button', { name: 'Submit for review' }).click();
  await expect(editor.getByTestId('policy-status')).toHaveText('In review');
  expect(await approvePolicy(app, editor)).toContain('You approve this version as Dana Reyes.');
  await expect(editor.getByTestId('policy-approval')).toHaveText(/^Approved by Dana Reyes on \S+/);

  const db = new Database(path.join(host.dataDir, 'workspaces/local/replica.sqlite3'), { readonly: true });
  const actors = db.prepare("SELECT DISTINCT actor FROM audit_events WHERE record_table = 'policies'").all();
  db.close();
  expect(actors).toEqual([{ actor: 'Dana Reyes' }]);
});

test('leaving Settings with an unsaved name asks first', async ({ app }) => {
  await app.getByRole('link', { name: 'Settings' }).click();
  await app.getByRole('form', { name: 'Your name' }).getByLabel('Your name').fill('Sam Okafor');
  const asked = app.waitForEvent('dialog').then(async (dialog) => {
    const message = dialog.message();
    await dialog.dismiss();
    return message;
  });
  await app.getByRole('link', { name: 'Policies' }).click();
  expect(await asked).toContain('your name');
  await expect(app.getByRole('form', { name: 'Your name' }).getByLabel('Your name')).toHaveValue('Sam Okafor');
});

test('the appearance is an app setting: a second browser profile and a restart show the same theme', async ({
  app,
  host,
  browser,
}) => {
  await app.getByRole('link', { name: 'Settings' }).click();
  await app.getByRole('radio', { name: 'Dark' }).check();
  await expect(app.locator('html')).toHaveAttribute('data-theme', 'dark');

  await host.restart();
  // A fresh profile: no storage shared with the first one.
  const other = await browser.newContext({ colorScheme: 'light' });
  const page = await other.newPage();
  await page.goto(host.url);
  await expect(page.getByTestId('workspace-name')).toHaveText('Local workspace');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await page.getByRole('link', { name: 'Settings' }).click();
  await expect(page.getByRole('radio', { name: 'Dark' })).toBeChecked();
  await other.close();
});

test('the evidence size limit reads in the unit it is set in (0.01 MB, not 10.2 KB)', async ({ app }) => {
  await app.getByRole('link', { name: 'Settings' }).click();
  const form = app.getByRole('form', { name: 'Evidence settings' });
  await form.getByLabel('File size limit (MB)').fill('0.01');
  await form.getByRole('button', { name: 'Save limit' }).click();
  await expect(app.getByText('Evidence files up to 0.01 MB are accepted.')).toBeVisible();
  await expect(form.getByText('Now 0.01 MB; between 0.001 MB and 2048 MB (2 GB).')).toBeVisible();
});
