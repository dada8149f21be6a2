/**
 * Two writers of one field, against the real engine: the officer renames a policy offline while
 * the owner renames it on the server; when the officer's change arrives it wins (the later
 * writer), and the policy's trail says whose value it replaced, with the field and the time,
 * open already while sync lands. Axe-clean in both themes.
 */
import { expect, test } from './dev-stack-fixtures';
import { createSavedPolicy } from './policy-steps';
import { asMember, axeInBothThemes, expectSynced, nav, openPolicyId, signInToDemo } from './sync-steps';

test('the record history says whose value a synced edit replaced', async ({ page, orgHost, devStack }) => {
  await page.goto(orgHost.url);
  await signInToDemo(page, devStack.user('compliance_officer'));
  await nav(page, 'Policies');
  const stamp = Date.now();
  const editor = await createSavedPolicy(page, { title: `Backup policy ${stamp}` });
  await expectSynced(page);
  const policyId = openPolicyId(page);

  await devStack.network(false);
  await editor.getByLabel('Title').fill(`Backup policy ${stamp} (officer)`);
  await editor.getByRole('button', { name: 'Save' }).click();
  await expect(editor.getByText(/^Saved /)).toBeVisible();
  await editor.getByRole('tab', { name: 'Trail' }).click();
  const overrides = editor.getByTestId('record-override');
  await expect(overrides).toHaveCount(0);
  // Meanwhile the owner renamed it on the server.
  const owner = devStack.user('owner');
  await asMember(devStack, owner, (db) =>
    db.query(`update public.policies set title = $1 where id = $2`, [`Backup policy ${stamp} (owner)`, policyId]),
  );
  await devStack.network(true);

  await expect(overrides).toHaveCount(1, { timeout: 30_000 });
  await expect(overrides).toHaveText(
    new RegExp(`^Your value replaced ${owner.displayName}’s value “Backup policy ${stamp} \\(owner\\)” \\(Title, .+\\)$`),
  );
  await expectSynced(page);
  await expect(editor.getByLabel('Title')).toHaveValue(`Backup policy ${stamp} (officer)`);
  await axeInBothThemes(page, 'record override');
});
