/**
 * A change the server refuses for good, against the real engine: the admin edits a policy
 * offline, loses write access meanwhile (an owner makes them a viewer), and the change comes
 * back refused. The status bar says it needs attention; the panel gives the reason, exports it
 * to a file whose path it shows, and discards it only after asking.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createSavedPolicy } from './policy-steps';
import { expect, test } from './dev-stack-fixtures';
import { asOperator, axeInBothThemes, expectSynced, nav, signInToDemo, statusBar } from './sync-steps';

test('a refused change is exported to a file and discarded after asking', async ({ page, orgHost, devStack }) => {
  const admin = devStack.user('admin');
  const setRole = (role: string) =>
    asOperator(devStack, (db) =>
      db.query('update public.memberships set role = $1 where org_id = $2 and user_id = $3', [role, admin.org, admin.id]),
    );
  await page.goto(orgHost.url);
  await signInToDemo(page, admin);
  await nav(page, 'Policies');
  const title = `Vendor policy ${Date.now()}`;
  const editor = await createSavedPolicy(page, { title });
  await expectSynced(page);

  try {
    await devStack.network(false);
    await editor.getByLabel('Title').fill(`${title} (refused)`);
    await editor.getByRole('button', { name: 'Save' }).click();
    // The policy and its new revision: each a change of its own.
    await expect(statusBar(page).getByTestId('sync-pending')).toHaveText(/^[1-9]\d* changes? waiting$/);
    await setRole('viewer');
    await devStack.network(true);

    const attention = statusBar(page).getByTestId('sync-attention');
    await expect(attention).toHaveText(/^[1-9]\d* needs? attention$/, { timeout: 30_000 });
    const refused = Number(/^\d+/.exec((await attention.textContent())!)![0]);
    await attention.click();
    const row = page
      .getByRole('table', { name: 'Changes not yet synced' })
      .getByRole('row')
      .filter({ hasText: `Changed policy “${title} (refused)”` });
    await expect(row.getByRole('cell').nth(3)).toHaveText(/^Refused\s*Because /);
    await axeInBothThemes(page, 'sync panel with a refused change');

    await row.getByRole('button', { name: /^Export / }).click();
    const exported = page.getByRole('status').filter({ hasText: 'Exported 1 refused change to' });
    await expect(exported).toBeVisible();
    const file = (await exported.locator('code').textContent())!;
    expect(existsSync(file)).toBe(true);
    expect(readFileSync(file, 'utf8')).toContain(`${title} (refused)`);

    // Discard asks first; Cancel keeps the change.
    await row.getByRole('button', { name: /^Discard / }).click();
    const ask = page.getByRole('alertdialog', { name: 'Discard this refused change?' });
    await expect(ask).toContainText(`“${title} (refused)”`);
    await axeInBothThemes(page, 'discard question');
    await ask.getByRole('button', { name: 'Cancel' }).click();
    await expect(row).toHaveCount(1);
    await row.getByRole('button', { name: /^Discard / }).click();
    await ask.getByRole('button', { name: 'Discard change' }).click();
    await expect(ask).toHaveCount(0);
    await expect(row).toHaveCount(0);
    const left = refused - 1;
    if (left === 0) await expect(statusBar(page).getByTestId('sync-attention')).toHaveCount(0);
    else
      await expect(statusBar(page).getByTestId('sync-attention')).toHaveText(
        `${left} ${left === 1 ? 'needs' : 'need'} attention`,
      );
  } finally {
    await setRole('admin');
  }
});
