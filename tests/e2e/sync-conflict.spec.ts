/**
 * A policy text edited on two sides in the same lines, against the real engine: the officer
 * edits offline while the owner's device changes the same line on the server; when the
 * officer's change arrives the server keeps both texts as a conflict. The policy says so, the
 * merge view shows base, theirs and yours side by side, refuses to save while markers remain,
 * and saving the chosen text makes a new revision and the notice goes.
 */
import { expect, test } from './dev-stack-fixtures';
import { createSavedPolicy } from './policy-steps';
import { asMember, axeInBothThemes, expectSynced, nav, openPolicyId, signInToDemo, statusBar } from './sync-steps';

test('a conflicting policy edit is resolved in the merge view by keyboard', async ({ page, orgHost, devStack }) => {
  await page.goto(orgHost.url);
  await signInToDemo(page, devStack.user('compliance_officer'));
  await nav(page, 'Policies');
  const title = `Password policy ${Date.now()}`;
  const editor = await createSavedPolicy(page, { title });
  const body = editor.getByRole('textbox', { name: 'Policy body' });
  await body.click();
  await page.keyboard.type('Scope: all staff.\nPasswords rotate every 90 days.\nReviewed yearly.');
  await editor.getByRole('button', { name: 'Save' }).click();
  await expect(editor.getByText(/^Saved /)).toBeVisible();
  await expectSynced(page);
  const policyId = openPolicyId(page);

  await devStack.network(false);
  await body.click();
  await page.keyboard.press('ControlOrMeta+End');
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('End');
  for (let i = 0; i < '90 days.'.length; i++) await page.keyboard.press('Backspace');
  await page.keyboard.type('30 days.');
  await editor.getByRole('button', { name: 'Save' }).click();
  await expect(editor.getByText(/^Saved /)).toBeVisible();
  // Meanwhile the owner's device changed the same line on the server.
  await asMember(devStack, devStack.user('owner'), (db) =>
    db.query(`update public.policies set body = $1 where id = $2`, [
      'Scope: all staff.\nPasswords rotate every 60 days.\nReviewed yearly.',
      policyId,
    ]),
  );
  await devStack.network(true);

  const notice = page.getByTestId('conflict-notice');
  await expect(notice).toBeVisible({ timeout: 30_000 });
  await expect(statusBar(page).getByTestId('sync-conflicts')).toHaveText('1 conflict to resolve');
  await notice.getByRole('button', { name: 'Resolve the conflict' }).click();

  const merge = page.getByRole('dialog', { name: `Resolve the text of “${title}”` });
  await expect(merge.getByRole('region', { name: 'Base: the text both started from' })).toContainText('90 days');
  await expect(merge.getByRole('region', { name: "Theirs: the organization's text" })).toContainText(
    'changed: Passwords rotate every 60 days.',
  );
  await expect(merge.getByRole('region', { name: 'Yours: the text from this side' })).toContainText(
    'changed: Passwords rotate every 30 days.',
  );
  const result = merge.getByLabel('Merged text');
  await expect(result).toHaveValue(
    /<<<<<<< yours\nPasswords rotate every 30 days.\n=======\nPasswords rotate every 60 days.\n>>>>>>> theirs/,
  );
  await expect(merge.getByRole('button', { name: 'Save merged text' })).toBeDisabled();
  await axeInBothThemes(page, 'merge view');

  // By keyboard: start from theirs, then write the agreed line.
  await merge.getByRole('button', { name: 'Theirs', exact: true }).focus();
  await page.keyboard.press('Enter');
  await expect(result).toHaveValue('Scope: all staff.\nPasswords rotate every 60 days.\nReviewed yearly.');
  await result.fill('Scope: all staff.\nPasswords rotate every 45 days.\nReviewed yearly.');
  await result.focus();
  await page.keyboard.press('ControlOrMeta+s');
  await expect(merge).toHaveCount(0);
  await expect(notice).toHaveCount(0);
  await expect(body).toContainText('Passwords rotate every 45 days.');
  await expect(statusBar(page).getByTestId('sync-conflicts')).toHaveCount(0, { timeout: 30_000 });

  // The merged text is a revision of the policy, and it reaches the server.
  await expectSynced(page);
  await expect
    .poll(() =>
      asMember(devStack, devStack.user('owner'), async (db) => {
        const { rows } = await db.query('select body from public.policies where id = $1', [policyId]);
        return (rows[0] as { body: string } | undefined)?.body;
      }),
    )
    .toBe('Scope: all staff.\nPasswords rotate every 45 days.\nReviewed yearly.');
});
