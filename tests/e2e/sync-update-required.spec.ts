/**
 * The organization's server moves on to a sync protocol this app does not speak (as after a
 * server upgrade): sync pauses, a banner says the app is too old and that work here is kept,
 * the status bar says paused, and local work goes on; axe-clean in both themes.
 */
import { createSavedPolicy } from './policy-steps';
import { expect, test } from './dev-stack-fixtures';
import { asOperator, axeInBothThemes, expectSynced, nav, signInToDemo, statusBar } from './sync-steps';

test('a server that wants a newer app pauses sync with a banner, and local work goes on', async ({ page, orgHost, devStack }) => {
  await page.goto(orgHost.url);
  await signInToDemo(page, devStack.user('owner'));
  await expectSynced(page);

  const original = await asOperator(devStack, async (db) => {
    const { rows } = await db.query(`select pg_get_functiondef('public.sync_info()'::regprocedure) as def`);
    return (rows[0] as { def: string }).def;
  });
  try {
    await asOperator(devStack, (db) =>
      db.query(`create or replace function public.sync_info() returns jsonb language sql immutable set search_path = ''
        as $$ select jsonb_build_object('server_schema_version', 99, 'min_client_schema_version', 99) $$`),
    );
    await statusBar(page).getByTestId('sync-state').click();
    await page.getByRole('button', { name: 'Retry now' }).click();

    const banner = page.getByTestId('sync-banner');
    await expect(banner).toHaveText(
      'This version of ComplyFlow is too old to sync with your organization. Update to keep syncing; your work here is kept.',
      { timeout: 30_000 },
    );
    await expect(statusBar(page).getByTestId('sync-state')).toHaveText(/^Paused: /);
    await axeInBothThemes(page, 'update required');

    await nav(page, 'Policies');
    await createSavedPolicy(page, { title: `Kept while paused ${Date.now()}` });
    await expect(statusBar(page).getByTestId('sync-pending')).toHaveText(/^[1-9]\d* changes? waiting$/);
    await expect(banner).toBeVisible();
  } finally {
    await asOperator(devStack, (db) => db.query(original));
  }
});
