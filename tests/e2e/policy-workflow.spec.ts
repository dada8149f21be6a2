/**
 * A compliance officer takes a policy through approval: draft → in review → approved (by whom,
 * when) → published; a material edit then starts version 2.0 as a draft and resets the
 * approval while the published 1.0 stays readable; the history diffs any two revisions.
 */
import AxeBuilder from '@axe-core/playwright';
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { expect, test } from './fixtures';
import { approvePolicy, createSavedPolicy } from './policy-steps';

test('draft → review → approve → publish; a material edit resets approval, keeps the published text, and shows in history', async ({
  app,
}) => {
  await app.getByRole('link', { name: 'Policies' }).click();
  await app.getByRole('button', { name: 'New policy' }).click();
  const editor = app.getByRole('form', { name: 'Policy editor' });
  // The new policy's editor, not the one open before it.
  await expect(editor.getByLabel('Title')).toHaveValue('Untitled policy');
  await editor.getByLabel('Title').fill('Password Policy');
  await editor.getByRole('textbox', { name: 'Policy body' }).click();
  await app.keyboard.type('# Passwords\n\nPasswords have at least 8 characters.\nShared accounts are forbidden.');
  await app.keyboard.press('Control+s');
  await expect(editor.getByText(/^Saved /)).toBeVisible();
  await expect(editor.getByTestId('policy-status')).toHaveText('Draft');
  await expect(editor.getByTestId('policy-version')).toHaveText('v1.0');

  await editor.getByRole('button', { name: 'Submit for review' }).click();
  await expect(editor.getByTestId('policy-status')).toHaveText('In review');
  const asked = await approvePolicy(app, editor, 'Matches the NIST password guidance.');
  expect(asked).toContain('You approve this version as the local user');
  expect(asked).toMatch(/The next review date changes from none to \d{1,2}\s\w{3,4}\s\d{4}\./);
  await expect(editor.getByTestId('policy-status')).toHaveText('Approved');
  await expect(editor.getByTestId('policy-approval')).toHaveText(/^Approved by local on \S+/);
  await expect(editor.getByTestId('policy-approval-comment')).toHaveText('Comment: “Matches the NIST password guidance.”');
  await editor.getByRole('button', { name: 'Publish' }).click();
  await expect(editor.getByTestId('policy-status')).toHaveText('Published');
  await expect(app.getByRole('listbox', { name: 'Policies' }).getByRole('option', { name: /Password Policy/ })).toContainText(
    'Published v1.0',
  );

  // A material edit of the published text.
  await editor.getByRole('textbox', { name: 'Policy body' }).click();
  await app.keyboard.press('Control+End');
  await app.keyboard.type('\nPasswords are rotated after a breach.');
  await expect(editor.getByText('Saving this change starts version 2.0 as a draft')).toBeVisible();
  await editor.getByRole('button', { name: 'Save' }).click();
  await expect(editor.getByText(/^Saved /)).toBeVisible();
  await expect(editor.getByTestId('policy-status')).toHaveText('Draft');
  await expect(editor.getByTestId('policy-version')).toHaveText('v2.0');
  await expect(editor.getByTestId('policy-approval')).toHaveText('Not approved');
  // In the list, the draft says that its published version is still the one in force.
  const row = app.getByRole('listbox', { name: 'Policies' }).getByRole('option', { name: /Password Policy/ });
  await expect(row).toContainText('Draft v2.0');
  await expect(row).toContainText('v1.0 in force');

  // The published 1.0 stays in force and readable.
  const notice = editor.getByTestId('published-notice');
  await expect(notice).toContainText('Published version 1.0 stays in force until this draft is approved and published');
  await notice.locator('summary').click();
  await expect(notice.getByText('Passwords have at least 8 characters.')).toBeVisible();
  await expect(notice.getByText('Passwords are rotated after a breach.')).toHaveCount(0);

  // History: "Untitled policy" as created, the text as published, the new draft; the latest is
  // diffed against the one before.
  await editor.getByRole('tab', { name: 'History' }).click();
  await expect(editor.getByTestId('revision-row')).toHaveCount(3);
  await expect(editor.getByTestId('revision-row').first()).toContainText('v2.0 (current)');
  await expect(editor.getByTestId('revision-row').nth(1)).toContainText('v1.0 (published)');
  // The approval record, with its comment, stays with the version that was approved.
  await expect(editor.getByTestId('revision-row').nth(1)).toContainText(
    'Approved by local: “Matches the NIST password guidance.”',
  );
  // Two saves share v1.0 before approval: the revision number tells them apart.
  await expect(editor.getByTestId('revision-row').nth(1).getByRole('cell').nth(2)).toHaveText('2');
  await expect(editor.getByTestId('revision-row').nth(2).getByRole('cell').nth(2)).toHaveText('1');
  const diff = editor.getByRole('region', { name: 'Differences between revisions' });
  await expect(diff).toContainText(/From revision 2 \(v1\.0, .+\) to revision 3 \(v2\.0, .+\): 1 line added, 0 lines removed/);
  const added = diff.locator('[data-kind="added"]');
  await expect(added).toHaveCount(1);
  await expect(added).toContainText('+');
  await expect(added).toContainText('Passwords are rotated after a breach.');

  // Any two: compare the newest with itself (nothing differs), then back.
  await editor.getByRole('radio', { name: /^Compare from revision 3 \(v2\.0,/ }).check();
  await expect(diff).toContainText('The text is the same.');
  await editor.getByRole('radio', { name: /^Compare from revision 1 \(v1\.0,/ }).check();
  await expect(diff).toContainText('5 lines added, 0 lines removed');
  await expect(diff).toContainText('Title changed from “Untitled policy” to “Password Policy”');
});

test('a minor fix of a published policy keeps its approval', async ({ app }) => {
  await app.getByRole('link', { name: 'Policies' }).click();
  await app.getByRole('button', { name: 'New policy' }).click();
  const editor = app.getByRole('form', { name: 'Policy editor' });
  // The new policy's editor, not the one open before it.
  await expect(editor.getByLabel('Title')).toHaveValue('Untitled policy');
  await editor.getByLabel('Title').fill('Clean Desk Policy');
  await editor.getByRole('textbox', { name: 'Policy body' }).click();
  await app.keyboard.type('Desks are clered at night.');
  await editor.getByRole('button', { name: 'Save' }).click();
  await expect(editor.getByText(/^Saved /)).toBeVisible();
  await editor.getByRole('button', { name: 'Submit for review' }).click();
  await approvePolicy(app, editor);
  await editor.getByRole('button', { name: 'Publish' }).click();
  await expect(editor.getByTestId('policy-status')).toHaveText('Published');

  // A typo in the text (the title of an approved policy changes only by a material edit).
  await editor.getByRole('textbox', { name: 'Policy body' }).click();
  await app.keyboard.press('Control+a');
  await app.keyboard.type('Desks are cleared at night.');
  await editor.getByLabel(/^Minor fix/).check();
  await editor.getByRole('button', { name: 'Save' }).click();
  await expect(editor.getByText(/^Saved /)).toBeVisible();
  await expect(editor.getByTestId('policy-status')).toHaveText('Published');
  await expect(editor.getByTestId('policy-version')).toHaveText('v1.1');
  await expect(editor.getByTestId('policy-approval')).toHaveText(/^Approved by local/);
  // The trail shows the whole version, though only its minor number changed.
  await editor.getByRole('tab', { name: 'Trail' }).click();
  const latest = editor.getByRole('list', { name: 'Trail events' }).getByRole('listitem').first();
  await expect(latest.getByRole('row', { name: /^Version/ })).toContainText('v1.0v1.1');
});

test('an overdue review date shows a badge in the list and the editor, and the overdue filter finds it', async ({ app }) => {
  await app.getByRole('link', { name: 'Policies' }).click();
  for (const [title, date] of [
    ['Business Continuity Plan', '2020-01-31'],
    ['Acceptable Use Policy', '2999-01-31'],
  ]) {
    await createSavedPolicy(app, { title, nextReviewDate: date });
  }
  const list = app.getByRole('listbox', { name: 'Policies' });
  await expect(list.getByRole('option', { name: /Business Continuity Plan/ })).toContainText('Review overdue');
  await expect(list.getByRole('option', { name: /Acceptable Use Policy/ })).not.toContainText('Review overdue');
  await list.getByRole('option', { name: /Business Continuity Plan/ }).click();
  await expect(app.getByRole('form', { name: 'Policy editor' }).getByRole('group', { name: 'Workflow' })).toContainText(
    'Review overdue',
  );
  await app.getByRole('search').getByLabel('Review overdue').check();
  await expect(list.getByRole('option')).toHaveCount(1);
  await expect(list.getByRole('option')).toContainText('Business Continuity Plan');

  // The badges, workflow bar, history diff and trail read well in both themes.
  const editor = app.getByRole('form', { name: 'Policy editor' });
  for (const tab of ['Write', 'History', 'Trail']) {
    await editor.getByRole('tab', { name: tab }).click();
    for (const theme of ['light', 'dark']) {
      await app.evaluate(`document.documentElement.dataset.theme = ${JSON.stringify(theme)}`);
      const result = await new AxeBuilder({ page: app }).include('.detail').include('.policy-list').analyze();
      expect(result.violations.map((v) => `${tab}/${theme}: ${v.id} ${v.nodes[0]?.target.join(' ')}`)).toEqual([]);
    }
  }
});

test('links a policy to controls found by search, and unlinks one', async ({ app, host }) => {
  // Controls come from the frameworks feature; here they are put in the file directly.
  await host.stop();
  const db = new Database(path.join(host.dataDir, 'workspaces/local/replica.sqlite3'));
  const at = new Date().toISOString();
  const org = '00000000-0000-4000-8000-000000000000';
  const frameworkId = randomUUID();
  db.prepare(
    'INSERT INTO frameworks (id, org_id, title, source_uuid, created_at, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?)',
  ).run(frameworkId, org, 'NIST SP 800-53 Rev 5 LOW', randomUUID(), at, at, 'local');
  const insert = db.prepare(
    'INSERT INTO controls (id, org_id, framework_id, control_key, label, title, statement, sort_key, created_at, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  for (const [key, label, title] of [
    ['ac-2', 'AC-2', 'Account Management'],
    ['ia-5', 'IA-5', 'Authenticator Management'],
  ])
    insert.run(randomUUID(), org, frameworkId, key, label, title, '', key, at, at, 'local');
  db.close();
  await host.restart();
  await app.goto(host.url);

  await app.getByRole('link', { name: 'Policies' }).click();
  await app.getByRole('button', { name: 'New policy' }).click();
  const editor = app.getByRole('form', { name: 'Policy editor' });
  await expect(editor.getByLabel('Title')).toHaveValue('Untitled policy');
  await editor.getByRole('tab', { name: 'Controls' }).click();
  await editor.getByLabel('Find controls to link').fill('authenticator');
  await editor.getByRole('button', { name: 'Link IA-5 Authenticator Management' }).click();
  await editor.getByLabel('Find controls to link').fill('AC-2');
  await editor.getByRole('button', { name: 'Link AC-2 Account Management' }).click();
  const linked = editor.getByRole('list', { name: 'Linked controls' });
  await expect(linked.getByRole('listitem')).toHaveCount(2);
  await expect(linked).toContainText('NIST SP 800-53 Rev 5 LOW');
  await linked.getByRole('button', { name: 'Unlink AC-2 Account Management' }).click();
  await expect(linked.getByRole('listitem')).toHaveCount(1);
  await expect(linked).toContainText('IA-5');
});

test('approving a policy past its review date moves the date in the editor and leaves nothing unsaved', async ({ app }) => {
  await app.getByRole('link', { name: 'Policies' }).click();
  const editor = await createSavedPolicy(app, { title: 'Physical Security Policy', nextReviewDate: '2020-01-31' });
  await editor.getByRole('button', { name: 'Submit for review' }).click();
  await expect(editor.getByTestId('policy-status')).toHaveText('In review');
  // The date the approval will set is shown before it is saved.
  expect(await approvePolicy(app, editor)).toMatch(
    /The next review date changes from 31\sJan\s2020 to \d{1,2}\s\w{3,4}\s\d{4}\./,
  );
  await expect(editor.getByTestId('policy-status')).toHaveText('Approved');
  await expect(editor.getByLabel('Next review date')).not.toHaveValue('2020-01-31');
  await expect(editor.getByText(/^Saved /)).toBeVisible();
  await expect(editor.getByRole('button', { name: 'Publish' })).toBeEnabled();
  // Nothing unsaved: leaving does not ask.
  app.once('dialog', (dialog) => void dialog.dismiss());
  await app.getByRole('link', { name: 'Dashboard' }).click();
  await expect(app.getByRole('heading', { name: 'Dashboard' })).toBeVisible();
});
