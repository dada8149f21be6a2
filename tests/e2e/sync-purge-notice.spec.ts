/**
 * A member removed from the organization while their computer had changes not sent yet: at the
 * next sync the copy is removed and the local workspace opens; a notice names the organization
 * and the file the unsent changes were saved to, stays through a window reload, and goes once
 * dismissed. Axe-clean in both themes.
 */
import { expect, test } from './dev-stack-fixtures';
import { createSavedPolicy } from './policy-steps';
import { asOperator, axeInBothThemes, expectSynced, nav, signInToDemo, statusBar } from './sync-steps';

test('a removed member is told where the unsent changes went, once, after the copy is purged', async ({
  page,
  orgHost,
  devStack,
}) => {
  const officer = devStack.user('compliance_officer');
  await page.goto(orgHost.url);
  await signInToDemo(page, officer);
  await expectSynced(page);

  await devStack.network(false);
  await nav(page, 'Policies');
  await createSavedPolicy(page, { title: `Written before removal ${Date.now()}` });
  await asOperator(devStack, (db) =>
    db.query(`delete from public.memberships where org_id = $1 and user_id = $2`, [officer.org, officer.id]),
  );
  try {
    await devStack.network(true);
    const notice = page.getByTestId('purge-notice');
    await expect(notice).toBeVisible({ timeout: 30_000 });
    await expect(notice).toContainText(
      `You are no longer a member of “${officer.orgName}”, so its copy was removed from this computer`,
    );
    await expect(notice.getByTestId('purge-export')).toHaveText(/[\\/]exports[\\/][^\\/]+\.json$/);
    await expect(statusBar(page).getByTestId('workspace-name')).not.toHaveText(officer.orgName);
    await axeInBothThemes(page, 'purge notice');

    // Still there after a reload (the workspace switch reloads the window too) …
    await page.reload();
    await expect(notice).toBeVisible();
    // … and gone for good once dismissed.
    await notice.getByRole('button', { name: 'Dismiss' }).click();
    await expect(notice).toHaveCount(0);
    await page.reload();
    await expect(statusBar(page).getByTestId('workspace-name')).toBeVisible();
    await expect(notice).toHaveCount(0);
  } finally {
    await asOperator(devStack, (db) =>
      db.query(
        `insert into public.memberships (org_id, user_id, role) values ($1, $2, 'compliance_officer') on conflict do nothing`,
        [officer.org, officer.id],
      ),
    );
  }
});
