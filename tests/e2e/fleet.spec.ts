/**
 * Settings → Fleet against dev:stack (issue 11): an admin's policy editor refuses a bad version
 * beside its field, saves the policy and shows who saved it when; the fleet view lists every
 * device of the org as it reported (this computer and a member's laptop), filters it, exports
 * formula-safe CSV and revokes after asking. A viewer does not see the section. Axe-clean.
 */
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, test } from './dev-stack-fixtures';
import { asMember, asOperator, axeInBothThemes, expectSynced, nav, signInToDemo } from './sync-steps';

const fleet = (page: Page) => page.getByRole('group', { name: 'Fleet' });

test('an admin sets the update policy and manages the fleet: filter, export CSV, revoke', async ({ page, orgHost, devStack }) => {
  const viewer = devStack.user('viewer');
  const laptop = `=HYPERLINK("x") ${Date.now()}`;
  const laptopId = await asMember(devStack, viewer, async (db) => {
    const { rows } = await db.query(`select public.register_device($1, $2, $3) as id`, [viewer.org, 'f'.repeat(43), laptop]);
    const id = (rows[0] as { id: string }).id;
    await db.query(`select public.report_device($1, 'Windows_NT 10.0.26100 (x64)', '1.3.7', 'beta', now(), 12)`, [id]);
    return id;
  });
  await page.goto(orgHost.url);
  await signInToDemo(page, devStack.user('admin'));
  await expectSynced(page);
  await nav(page, 'Settings');

  const editor = fleet(page).getByRole('form', { name: 'Update policy' });
  await editor.getByLabel('Minimum version').fill('v2');
  await editor.getByLabel('Rollout (%)').fill('150');
  await editor.getByRole('button', { name: 'Save update policy' }).click();
  await expect(editor.getByLabel('Minimum version')).toHaveAttribute('aria-invalid', 'true');
  await expect(editor.getByText('Minimum version must be a version like 1.4.0 (or 1.5.0-beta.1).')).toBeVisible();
  await expect(editor.getByText('The rollout must be between 0 and 100 percent.')).toBeVisible();

  // Keyboard only: the fields are reachable and the form saves with Enter.
  await editor.getByLabel('Minimum version').fill('');
  await editor.getByLabel('Rollout (%)').fill('25');
  await editor.getByLabel('Channel').selectOption('beta');
  await editor.getByLabel('Install mode').selectOption('on-quit');
  await editor.getByLabel('Days a user may defer').fill('5');
  await editor.getByLabel('Days a user may defer').press('Enter');
  await expect(editor.getByTestId('update-policy-saved')).toHaveText(/^Last saved by Adam Admin on /);
  const stored = await asOperator(devStack, (db) =>
    db.query(`select channel, rollout_percent, defer_days, install_mode from private.org_update_policies where org_id = $1`, [
      viewer.org,
    ]),
  );
  expect(stored.rows).toEqual([{ channel: 'beta', rollout_percent: 25, defer_days: 5, install_mode: 'on-quit' }]);

  const table = fleet(page).getByRole('region', { name: 'Devices of the organization' }).getByRole('table');
  await expect(table.getByRole('row').filter({ hasText: 'This computer' })).toHaveCount(1);
  const row = table.getByRole('row').filter({ hasText: laptop });
  await expect(row.getByRole('cell').nth(0)).toHaveText(viewer.displayName);
  await expect(row.getByRole('cell').nth(2)).toHaveText('Windows_NT 10.0.26100 (x64)');
  await expect(row.getByRole('cell').nth(3)).toHaveText('1.3.7');
  await expect(row.getByRole('cell').nth(4)).toHaveText('beta');
  await expect(row.getByRole('cell').nth(7)).toHaveText('12');
  await axeInBothThemes(page, 'fleet');

  // Filters: below 1.4.0 keeps the laptop and hides this computer (a newer version).
  const filters = fleet(page).getByRole('search', { name: 'Filter devices' });
  await filters.getByLabel('Version comparison').selectOption('below');
  await filters.getByLabel('Version to compare').fill('1.4.0');
  await filters.getByLabel('Search').fill('hyperlink');
  await expect(table.getByRole('row')).toHaveCount(2); // header + the laptop
  const download = page.waitForEvent('download');
  await filters.getByRole('button', { name: 'Export CSV' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^fleet-\d{4}-\d{2}-\d{2}\.csv$/);
  const csv = readFileSync((await file.path())!, 'utf8')
    .trimEnd()
    .split('\r\n');
  expect(csv).toHaveLength(2);
  expect(csv[1]).toContain(`"'=HYPERLINK(""x"")`);

  await row.getByRole('button', { name: `Revoke “${laptop}” of ${viewer.displayName}` }).click();
  const dialog = page.getByRole('alertdialog', { name: `Revoke “${laptop}”?` });
  await expect(dialog).toContainText('This cannot be undone.');
  await dialog.getByRole('button', { name: 'Revoke' }).click();
  await expect(row.getByRole('cell').nth(8)).toHaveText(/^Revoked /);
  const revoked = await asOperator(devStack, (db) => db.query('select revoked_at from public.devices where id = $1', [laptopId]));
  expect((revoked.rows[0] as { revoked_at: Date | null }).revoked_at).toBeInstanceOf(Date);
  // The demo org is shared by the other specs of this worker: leave it without a policy.
  await asOperator(devStack, (db) => db.query(`delete from private.org_update_policies where org_id = $1`, [viewer.org]));
});

test('a viewer does not see Settings → Fleet', async ({ page, orgHost, devStack }) => {
  await page.goto(orgHost.url);
  await signInToDemo(page, devStack.user('viewer'));
  await expectSynced(page);
  await nav(page, 'Settings');
  await expect(page.getByRole('group', { name: 'Devices' })).toBeVisible();
  await expect(fleet(page)).toHaveCount(0);
});
