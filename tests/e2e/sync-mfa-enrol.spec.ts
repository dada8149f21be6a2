/**
 * An organization turns on required two-step sign-in while a member without an authenticator
 * works: instead of "enter your code" (there is none), the app offers setting one up, in place;
 * once it is confirmed, sync resumes by itself and the change made meanwhile reaches the server.
 */
import { totpCode } from '../support/totp';
import { createSavedPolicy } from './policy-steps';
import { expect, test } from './dev-stack-fixtures';
import { asOperator, axeInBothThemes, expectSynced, nav, openPolicyId, signInToDemo } from './sync-steps';

test('required two-step sign-in with no authenticator offers enrolment, then sync resumes', async ({
  page,
  orgHost,
  devStack,
}) => {
  const owner = devStack.user('owner');
  const requireMfa = (required: boolean) =>
    asOperator(devStack, (db) =>
      db.query('update public.organizations set require_mfa = $1 where id = $2', [required, owner.org]),
    );
  await page.goto(orgHost.url);
  await signInToDemo(page, owner);
  await expectSynced(page);
  try {
    await requireMfa(true);
    await nav(page, 'Policies');
    const title = `Typed before the code ${Date.now()}`;
    await createSavedPolicy(page, { title });
    const policyId = openPolicyId(page);

    await nav(page, 'Settings');
    const ask = page.getByRole('group', { name: 'Two-step sign-in' });
    await expect(ask).toContainText('your account has no authenticator yet', { timeout: 30_000 });
    await expect(page.getByRole('form', { name: 'Two-step sign-in' })).toHaveCount(0);
    await axeInBothThemes(page, 'second factor required, none set up');
    await ask.getByRole('button', { name: 'Set up an authenticator app' }).click();

    const setup = page.getByRole('form', { name: 'Set up an authenticator app' });
    await expect(setup.getByRole('img', { name: 'QR code for your authenticator app' })).toBeVisible();
    await expect(setup).toContainText('Sync resumes once it is verified.');
    const secret = (await setup.getByTestId('totp-secret').textContent())!.trim();
    await setup.getByLabel('Code from the app').fill(totpCode(secret));
    await setup.getByRole('button', { name: 'Turn on two-step sign-in' }).click();
    await expect(page.getByText('Two-step sign-in is on: signing in asks for a code')).toBeVisible();

    await expectSynced(page);
    await expect
      .poll(
        () =>
          asOperator(
            devStack,
            async (db) => (await db.query('select title from public.policies where id = $1', [policyId])).rows,
          ),
        { timeout: 30_000 },
      )
      .toEqual([{ title }]);
  } finally {
    await requireMfa(false);
  }
  // Leave the shared stack as it was for the other tests of this worker.
  page.once('dialog', (dialog) => void dialog.accept());
  await page.getByRole('button', { name: 'Remove authenticator' }).click();
  await expect(page.getByText('Two-step sign-in is off.')).toBeVisible();
});
