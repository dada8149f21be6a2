/**
 * Signing in to the organization from the real UI, against `npm run dev:stack`: each seeded role
 * sees Demo Compliance Co and its role, the compliance officer's policy is recorded under their
 * user id in the organization's replica, sign out and in, a second factor, and working offline
 * with the session refreshed when the project is back.
 */
import Database from 'better-sqlite3';
import pg from 'pg';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { totpCode } from '../support/totp';
import { createSavedPolicy } from './policy-steps';
import { expect, test, type DevStackUser } from './dev-stack-fixtures';

async function signIn(page: Page, user: Pick<DevStackUser, 'email' | 'password'>) {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
  const form = page.getByRole('form', { name: 'Sign in' });
  await form.getByLabel('Email').fill(user.email);
  await form.getByLabel('Password').fill(user.password);
  await form.getByRole('button', { name: 'Sign in' }).click();
}

const status = (page: Page) => page.getByRole('status').filter({ has: page.getByTestId('workspace-name') });

test('each seeded role signs in and sees Demo Compliance Co with its role', async ({ page, orgHost, devStack }) => {
  const labels = {
    owner: 'Owner',
    admin: 'Admin',
    compliance_officer: 'Compliance officer',
    auditor: 'Auditor',
    viewer: 'Viewer',
  };
  await page.goto(orgHost.url);
  await expect(page.getByTestId('workspace-name')).toHaveText('Local workspace');
  for (const role of ['owner', 'admin', 'compliance_officer', 'auditor', 'viewer'] as const) {
    const user = devStack.user(role);
    await signIn(page, user);
    // One organization for most: it opens at once (the page reloads onto it).
    if (role === 'compliance_officer') {
      await page.getByRole('button', { name: /^Demo Compliance Co, Compliance officer/ }).click();
    }
    await expect(status(page).getByTestId('workspace-name')).toHaveText('Demo Compliance Co');
    await expect(status(page).getByTestId('workspace-role')).toHaveText(labels[role]);
    await expect(status(page).getByTestId('signed-in-user')).toHaveText(user.email);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Policies' }).click();
    // What the server would refuse is not offered.
    const canWrite = ['owner', 'admin', 'compliance_officer'].includes(role);
    await expect(page.getByRole('button', { name: 'New policy' })).toHaveCount(canWrite ? 1 : 0);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await expect(status(page).getByTestId('workspace-name')).toHaveText('Local workspace');
  }
});

test('the compliance officer’s policy is recorded under their user id, in the organization’s replica', async ({
  page,
  orgHost,
  devStack,
}) => {
  const officer = devStack.user('compliance_officer');
  await page.goto(orgHost.url);
  await signIn(page, officer);
  // Two organizations (Demo Compliance Co, and Demo Subsidiary Ltd as auditor): the user picks.
  await expect(page.getByRole('button', { name: /^Demo Subsidiary Ltd, Auditor/ })).toBeVisible();
  await page.getByRole('button', { name: /^Demo Compliance Co, Compliance officer/ }).click();
  await expect(status(page).getByTestId('workspace-name')).toHaveText('Demo Compliance Co');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Policies' }).click();
  await createSavedPolicy(page, { title: 'Clean desk policy' });

  const db = new Database(path.join(orgHost.dataDir, 'workspaces', officer.org, 'replica.sqlite3'), { readonly: true });
  try {
    expect(db.prepare("SELECT updated_by, org_id FROM policies WHERE title = 'Clean desk policy'").all()).toEqual([
      { updated_by: officer.id, org_id: officer.org },
    ]);
  } finally {
    db.close();
  }
  // Signing out and in again opens the same replica.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await expect(status(page).getByTestId('workspace-name')).toHaveText('Local workspace');
  await signIn(page, officer);
  await expect(status(page).getByTestId('workspace-name')).toHaveText('Demo Compliance Co');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Policies' }).click();
  await expect(page.getByRole('option', { name: /Clean desk policy/ })).toBeVisible();
});

test('a second factor is enrolled, then asked for at sign-in', async ({ page, orgHost, devStack }) => {
  const admin = devStack.user('admin');
  await page.goto(orgHost.url);
  await signIn(page, admin);
  await expect(status(page).getByTestId('workspace-name')).toHaveText('Demo Compliance Co');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
  await page.getByRole('button', { name: 'Set up an authenticator app' }).click();
  const setup = page.getByRole('form', { name: 'Set up an authenticator app' });
  await expect(setup.getByRole('img', { name: 'QR code for your authenticator app' })).toBeVisible();
  const secret = (await setup.getByTestId('totp-secret').textContent())!.trim();
  await setup.getByLabel('Code from the app').fill(totpCode(secret));
  await setup.getByRole('button', { name: 'Turn on two-step sign-in' }).click();
  await expect(page.getByText('Two-step sign-in is on: signing in asks for a code')).toBeVisible();

  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await expect(status(page).getByTestId('workspace-name')).toHaveText('Local workspace');
  await signIn(page, admin);
  const twoStep = page.getByRole('form', { name: 'Two-step sign-in' });
  await twoStep.getByLabel('Code').fill('000000' === totpCode(secret) ? '111111' : '000000');
  await twoStep.getByRole('button', { name: 'Verify' }).click();
  await expect(twoStep.getByRole('alert')).toHaveText(/code is not right/);
  await twoStep.getByLabel('Code').fill(totpCode(secret));
  await twoStep.getByRole('button', { name: 'Verify' }).click();
  await expect(status(page).getByTestId('workspace-name')).toHaveText('Demo Compliance Co');

  // Leave the shared stack as it was for the other tests of this worker.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
  page.once('dialog', (dialog) => void dialog.accept());
  await page.getByRole('button', { name: 'Remove authenticator' }).click();
  await expect(page.getByText('Two-step sign-in is off.')).toBeVisible();
});

test('offline: the organization opens without the stack and takes edits; back online the session refreshes without asking', async ({
  page,
  orgHost,
  devStack,
}) => {
  const owner = devStack.user('owner');
  await page.goto(orgHost.url);
  await signIn(page, owner);
  await expect(status(page).getByTestId('workspace-name')).toHaveText('Demo Compliance Co');
  // The browser host cannot encrypt the session: the user accepts keeping it for restarts.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
  await expect(page.getByTestId('session-storage')).toHaveText(/kept in memory/);
  await page.getByLabel(/Keep me signed in on this computer without encryption/).check();
  await expect(page.getByTestId('session-storage')).toHaveText(/without encryption, as you chose/);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Policies' }).click();
  const editor = await createSavedPolicy(page, { title: 'Remote work policy' });
  await expect(editor.getByLabel('Title')).toHaveValue('Remote work policy');

  await devStack.network(false);
  await orgHost.restart();
  await page.goto(orgHost.url);
  await expect(status(page).getByTestId('workspace-name')).toHaveText('Demo Compliance Co');
  await expect(status(page).getByTestId('network-state')).toHaveText(/Offline/);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Policies' }).click();
  await page.getByRole('option', { name: /Remote work policy/ }).click();
  const offlineEditor = page.getByRole('form', { name: 'Policy editor' });
  await offlineEditor.getByLabel('Title').fill('Remote work policy (edited offline)');
  await offlineEditor.getByRole('button', { name: 'Save' }).click();
  await expect(offlineEditor.getByText(/^Saved /)).toBeVisible();

  await devStack.network(true);
  await expect(status(page).getByTestId('network-state')).toHaveText('Online', { timeout: 20_000 });
  await expect(status(page).getByTestId('signed-in-user')).toHaveText(owner.email);
  await expect(page.getByRole('button', { name: /Session ended/ })).toHaveCount(0);
  // Nobody was asked for a password: no sign-in form anywhere.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
  await expect(page.getByRole('form', { name: 'Sign in' })).toHaveCount(0);
});

test('a session the server ended asks to sign in again over the open editor, and nothing typed is lost', async ({
  page,
  orgHost,
  devStack,
}) => {
  const officer = devStack.user('compliance_officer');
  await page.goto(orgHost.url);
  await signIn(page, officer);
  await page.getByRole('button', { name: /^Demo Compliance Co, Compliance officer/ }).click();
  await expect(status(page).getByTestId('workspace-name')).toHaveText('Demo Compliance Co');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Policies' }).click();
  const editor = await createSavedPolicy(page, { title: 'Incident response policy' });
  await editor.getByLabel('Owner').fill('Typed, not saved yet');

  // IT signs the user out everywhere (as GoTrue's admin sign-out does); the app's next check finds out.
  const db = new pg.Client({ connectionString: devStack.databaseUrl });
  await db.connect();
  await db.query('delete from auth.sessions where user_id::text = $1', [officer.id]);
  await db.end();

  await page.getByRole('button', { name: 'Session ended: sign in again' }).click({ timeout: 20_000 });
  const dialog = page.getByRole('dialog', { name: 'Sign in again' });
  await dialog.getByLabel('Password').fill(officer.password);
  await dialog.getByRole('button', { name: 'Sign in' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(editor.getByLabel('Owner')).toHaveValue('Typed, not saved yet');
  await editor.getByRole('button', { name: 'Save' }).click();
  await expect(editor.getByText(/^Saved /)).toBeVisible();
});
