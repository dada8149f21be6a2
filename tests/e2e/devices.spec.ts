/**
 * Settings → Devices against dev:stack: an admin sees every member's computers (this one marked),
 * revokes a member's lost laptop after being asked; a member sees only their own and revoking
 * this computer pauses its sync with the revoked banner while local work goes on. Axe-clean.
 */
import type { Page } from '@playwright/test';
import { expect, test } from './dev-stack-fixtures';
import { asMember, asOperator, axeInBothThemes, expectSynced, nav, signInToDemo, statusBar } from './sync-steps';

const devices = (page: Page) => page.getByRole('group', { name: 'Devices' }).getByRole('table', { name: 'Registered computers' });

test('an admin sees every member’s computers and revokes a lost laptop after being asked', async ({
  page,
  orgHost,
  devStack,
}) => {
  const viewer = devStack.user('viewer');
  const laptop = `Lost laptop ${Date.now()}`;
  const laptopId = await asMember(devStack, viewer, async (db) => {
    const { rows } = await db.query(`select public.register_device($1, $2, $3) as id`, [viewer.org, 'k'.repeat(43), laptop]);
    return (rows[0] as { id: string }).id;
  });
  await page.goto(orgHost.url);
  await signInToDemo(page, devStack.user('admin'));
  await expectSynced(page);
  await nav(page, 'Settings');

  const table = devices(page);
  await expect(table.getByRole('columnheader', { name: 'Member' })).toBeVisible();
  const mine = table.getByRole('row').filter({ hasText: 'This computer' });
  await expect(mine).toHaveCount(1);
  await expect(mine.getByRole('cell').nth(1)).toHaveText('You');
  const row = table.getByRole('row').filter({ hasText: laptop });
  await expect(row.getByRole('cell').nth(1)).toHaveText(viewer.displayName);
  await expect(row.getByRole('cell').nth(2)).toHaveText('Not yet');
  await axeInBothThemes(page, 'devices');

  await row.getByRole('button', { name: `Revoke “${laptop}”` }).click();
  const dialog = page.getByRole('alertdialog', { name: `Revoke “${laptop}”?` });
  await expect(dialog).toContainText('For a lost or retired laptop');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(row.getByRole('button', { name: `Revoke “${laptop}”` })).toBeVisible();

  await row.getByRole('button', { name: `Revoke “${laptop}”` }).click();
  await page
    .getByRole('alertdialog', { name: `Revoke “${laptop}”?` })
    .getByRole('button', { name: 'Revoke' })
    .click();
  await expect(row.getByRole('cell').nth(4)).toHaveText(/^Revoked /);
  const revoked = await asOperator(devStack, (db) => db.query('select revoked_at from public.devices where id = $1', [laptopId]));
  expect((revoked.rows[0] as { revoked_at: Date | null }).revoked_at).toBeInstanceOf(Date);
  // This computer still syncs.
  await expect(statusBar(page).getByTestId('sync-state')).not.toHaveText(/^Paused/);
});

test('a member sees only their own computers; revoking this one pauses its sync and keeps the work', async ({
  page,
  orgHost,
  devStack,
}) => {
  await page.goto(orgHost.url);
  await signInToDemo(page, devStack.user('auditor'));
  await expectSynced(page);
  await nav(page, 'Settings');
  const table = devices(page);
  await expect(table.getByRole('columnheader', { name: 'Member' })).toHaveCount(0);
  const here = table.getByRole('row').filter({ hasText: 'This computer' });
  await expect(here).toHaveCount(1);
  await expect(here.getByRole('cell').nth(2)).not.toHaveText('Not yet');

  await here.getByRole('button', { name: /^Revoke / }).click();
  const dialog = page.getByRole('alertdialog', { name: 'Revoke this computer?' });
  await expect(dialog).toContainText('What it holds stays here, so you can still export it');
  await dialog.getByRole('button', { name: 'Revoke' }).click();
  await expect(here.getByRole('cell').nth(3)).toHaveText(/^Revoked /);
  await expect(page.getByTestId('sync-banner')).toHaveText(
    'Sync is paused: this computer was revoked for the organization. Ask an admin to allow it again; your work here is kept.',
    { timeout: 30_000 },
  );
  await expect(statusBar(page).getByTestId('sync-state')).toHaveText(/^Paused: /);
  await nav(page, 'Policies');
  await expect(page.getByRole('heading', { name: 'Policies' })).toBeVisible();
});
