/**
 * The organization's server moves on to a sync protocol this app does not speak (as after a
 * server upgrade): sync pauses, a banner says the app is too old and that work here is kept,
 * the status bar says paused, and local work goes on; axe-clean in both themes. A revoked
 * computer pauses too, with its own words (the banner branches on the engine's reason code).
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

test('a revoked computer pauses sync with a banner that says so, not the update one', async ({ page, orgHost, devStack }) => {
  const officer = devStack.user('compliance_officer');
  await page.goto(orgHost.url);
  await signInToDemo(page, officer);
  await expectSynced(page);
  // An admin revokes this computer (the one device this browser host registered, the newest).
  await asOperator(devStack, (db) =>
    db.query(
      `update public.devices set revoked_at = now() where id = (
         select id from public.devices where org_id = $1 and user_id = $2 order by created_at desc limit 1)`,
      [officer.org, officer.id],
    ),
  );
  await statusBar(page).getByTestId('sync-state').click();
  await page.getByRole('button', { name: 'Retry now' }).click();

  const banner = page.getByTestId('sync-banner');
  await expect(banner).toHaveText(
    'Sync is paused: this computer was revoked for the organization. Ask an admin to allow it again; your work here is kept.',
    { timeout: 30_000 },
  );
  await expect(statusBar(page).getByTestId('sync-state')).toHaveText(/^Paused: /);
});
