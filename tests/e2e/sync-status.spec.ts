/**
 * The status bar and the sync panel against `npm run dev:stack` and the real engine: synced
 * (ticking), offline with the changes kept and counted, the waiting change listed in the panel
 * with what changed, and Retry now sending it once the project answers again; axe-clean.
 */
import { createSavedPolicy } from './policy-steps';
import { expect, test } from './dev-stack-fixtures';
import { axeInBothThemes, expectSynced, nav, signInToDemo, statusBar } from './sync-steps';

test('the status bar says synced, offline and what waits; the panel lists the change and Retry now sends it', async ({
  page,
  orgHost,
  devStack,
}) => {
  await page.goto(orgHost.url);
  await signInToDemo(page, devStack.user('owner'));
  await expectSynced(page);
  // Relative and ticking: the text moves on by itself.
  const first = await statusBar(page).getByTestId('sync-state').textContent();
  await expect(statusBar(page).getByTestId('sync-state')).not.toHaveText(first!, { timeout: 10_000 });

  await nav(page, 'Policies');
  const title = `Clean desk policy ${Date.now()}`;
  const editor = await createSavedPolicy(page, { title });
  await expectSynced(page);

  await devStack.network(false);
  await expect(statusBar(page).getByTestId('network-state')).toHaveText('Offline: changes are kept on this computer', {
    timeout: 20_000,
  });
  await editor.getByLabel('Title').fill(`${title} (offline)`);
  await editor.getByRole('button', { name: 'Save' }).click();
  await expect(editor.getByText(/^Saved /)).toBeVisible();
  const pending = statusBar(page).getByTestId('sync-pending');
  // The policy and (for a text change) its new revision: each a change of its own.
  await expect(pending).toHaveText(/^[1-9]\d* changes? waiting$/);
  await axeInBothThemes(page, 'offline with a change waiting');

  await pending.click();
  await expect(page.getByRole('heading', { level: 1, name: 'Sync' })).toBeVisible();
  const list = page.getByRole('table', { name: 'Changes not yet synced' });
  const row = list.getByRole('row').filter({ hasText: new RegExp(`^Changed policy “${title} \\(offline\\)”: .*title`) });
  await expect(row).toHaveCount(1);
  await expect(row.getByRole('cell').nth(3)).toHaveText(/^(Waiting|Retrying)/);
  await axeInBothThemes(page, 'sync panel with a waiting change');

  await devStack.network(true);
  await page.getByRole('button', { name: 'Retry now' }).click();
  await expect(page.getByText('Nothing is waiting: every change made here has been synced.')).toBeVisible({ timeout: 30_000 });
  await expectSynced(page);
  await expect(statusBar(page).getByTestId('network-state')).toHaveText('Online');
});
