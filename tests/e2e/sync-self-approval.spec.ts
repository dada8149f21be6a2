/**
 * Self-approval in the app, against the dev stack: an admin who wrote a policy sees Approve
 * disabled with the reason (the server would refuse it); once self-approval is allowed in
 * Settings → Organization, the same admin approves it and the server takes it (nothing refused).
 */
import { createSavedPolicy } from './policy-steps';
import { expect, test } from './dev-stack-fixtures';
import { asOperator, axeInBothThemes, expectSynced, nav, openPolicyId, signInToDemo, statusBar } from './sync-steps';

const REASON = 'You edited this version; another approver must approve it, or an owner can allow self-approval in Settings.';

test('approving your own edit is disabled with the reason until self-approval is allowed', async ({
  page,
  orgHost,
  devStack,
}) => {
  const admin = devStack.user('admin');
  const allow = (allowed: boolean) =>
    asOperator(devStack, (db) =>
      db.query('update public.organizations set allow_self_approval = $1 where id = $2', [allowed, admin.org]),
    );
  await allow(false);
  await page.goto(orgHost.url);
  await signInToDemo(page, admin);
  await nav(page, 'Policies');
  const title = `Own policy ${Date.now()}`;
  const editor = await createSavedPolicy(page, { title });
  const policyId = openPolicyId(page);
  await editor.getByRole('button', { name: 'Submit for review' }).click();
  await expect(editor.getByTestId('policy-status')).toHaveText('In review');

  const approve = editor.getByRole('button', { name: 'Approve' });
  await expect(approve).toBeDisabled();
  await expect(editor.getByTestId('self-approval-reason')).toHaveText(REASON);
  await expect(approve).toHaveAccessibleDescription(REASON);
  await axeInBothThemes(page, 'policy in review the user edited');

  try {
    await nav(page, 'Settings');
    const toggle = page.getByRole('checkbox', { name: /^Let owners and admins approve policy versions they edited themselves/ });
    await expect(toggle).not.toBeChecked();
    // Checked once the server said so (the box shows the org's setting, not a local wish).
    await toggle.click();
    await expect(toggle).toBeChecked();
    await asOperator(devStack, async (db) => {
      const { rows } = await db.query('select allow_self_approval from public.organizations where id = $1', [admin.org]);
      expect(rows).toEqual([{ allow_self_approval: true }]);
    });

    await nav(page, 'Policies');
    await page.getByRole('option', { name: new RegExp(title) }).click();
    await expect(editor.getByTestId('self-approval-reason')).toHaveCount(0);
    await editor.getByRole('button', { name: 'Approve' }).click();
    const ask = page.getByRole('alertdialog', { name: /^Approve “/ });
    await ask.getByLabel('Approval comment').fill('One-person team.');
    await ask.getByRole('button', { name: 'Approve' }).click();
    await expect(editor.getByTestId('policy-status')).toHaveText('Approved');
    await expectSynced(page);
    await expect(statusBar(page).getByTestId('sync-attention')).toHaveCount(0);
    await asOperator(devStack, async (db) => {
      const { rows } = await db.query('select status, approved_by from public.policies where id = $1', [policyId]);
      expect(rows).toEqual([{ status: 'approved', approved_by: admin.id }]);
    });
  } finally {
    await allow(false);
  }
});
