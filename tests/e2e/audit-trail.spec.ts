/**
 * The audit trail as a user sees it: changes made in the UI appear in the policy's Trail tab
 * (who, when, field before → after); an event edited in the SQLite file while the app was
 * stopped is reported by "Verify audit trail" after a restart.
 */
import Database from 'better-sqlite3';
import path from 'node:path';
import { expect, test } from './fixtures';
import { approvePolicy, createSavedPolicy } from './policy-steps';

test('changes show in the Trail tab, and tampering with the file is reported by Verify audit trail', async ({ app, host }) => {
  await app.getByRole('link', { name: 'Policies' }).click();
  const editor = await createSavedPolicy(app, { title: 'Data Retention Policy', owner: 'Dana Reyes' });
  await editor.getByRole('button', { name: 'Submit for review' }).click();
  await expect(editor.getByTestId('policy-status')).toHaveText('In review');

  await editor.getByRole('tab', { name: 'Trail' }).click();
  const events = editor.getByRole('list', { name: 'Trail events' }).getByRole('listitem');
  await expect(events).toHaveCount(3);
  await expect(events.nth(0)).toContainText('Changed');
  await expect(events.nth(0)).toContainText('by local');
  await expect(events.nth(0).getByRole('row', { name: /Status/ })).toContainText('DraftIn review');
  await expect(events.nth(1).getByRole('row', { name: /Title/ })).toContainText('Untitled policyData Retention Policy');
  await expect(events.nth(1).getByRole('row', { name: /Owner/ })).toContainText('Dana Reyes');
  await expect(events.nth(2)).toContainText('Created');

  await editor.getByRole('button', { name: 'Verify audit trail' }).click();
  await expect(editor.getByText(/^Audit trail intact: all \d+ events match/)).toBeVisible();

  // The app is stopped; someone rewrites history in the file; the app starts again.
  await host.stop();
  const db = new Database(path.join(host.dataDir, 'workspaces/local/replica.sqlite3'));
  db.exec('DROP TRIGGER audit_events_no_update');
  const seq = (
    db
      .prepare("SELECT seq FROM audit_events WHERE record_table = 'policies' AND action = 'update' ORDER BY seq LIMIT 1")
      .get() as { seq: number }
  ).seq;
  db.prepare(`UPDATE audit_events SET after = '{"owner":"Nobody"}' WHERE seq = ?`).run(seq);
  db.close();
  await host.restart();
  await app.goto(host.url);
  await app.getByRole('link', { name: 'Policies' }).click();
  await app
    .getByRole('listbox', { name: 'Policies' })
    .getByRole('option', { name: /Data Retention Policy/ })
    .click();
  await app.getByRole('form', { name: 'Policy editor' }).getByRole('tab', { name: 'Trail' }).click();
  await app.getByRole('button', { name: 'Verify audit trail' }).click();
  const alert = app.getByRole('alert').filter({ hasText: 'Audit trail tampered' });
  await expect(alert).toContainText('1 problem');
  await expect(alert.getByRole('list', { name: 'Audit trail problems' })).toContainText(
    `Event ${seq}: content does not match its hash (event was edited)`,
  );
});

test('the trail reads in words (statuses, versions, local dates, short ids), and Settings verifies the whole trail', async ({
  app,
}) => {
  await app.getByRole('link', { name: 'Policies' }).click();
  const editor = await createSavedPolicy(app, { title: 'Encryption Policy', nextReviewDate: '2027-01-31' });
  await editor.getByRole('button', { name: 'Submit for review' }).click();
  await expect(editor.getByTestId('policy-status')).toHaveText('In review');
  await approvePolicy(app, editor);
  await expect(editor.getByTestId('policy-status')).toHaveText('Approved');
  await editor.getByRole('button', { name: 'Publish' }).click();
  await expect(editor.getByTestId('policy-status')).toHaveText('Published');
  await editor.getByLabel('Title').fill('Encryption and Key Management Policy');
  await editor.getByRole('button', { name: 'Save' }).click();
  await expect(editor.getByTestId('policy-version')).toHaveText('v2.0');

  await editor.getByRole('tab', { name: 'Trail' }).click();
  const trail = editor.getByRole('list', { name: 'Trail events' });
  const events = trail.getByRole('listitem');
  await expect(events).toHaveCount(6);
  const materialEdit = events.nth(0);
  await expect(materialEdit.getByRole('row', { name: /^Status/ })).toContainText('PublishedDraft');
  await expect(materialEdit.getByRole('row', { name: /^Version/ })).toContainText('v1.0v2.0');
  await expect(materialEdit.getByRole('row', { name: /^Current revision/ })).toContainText(
    /revision …[0-9a-f]{4}revision …[0-9a-f]{4}/,
  );
  await expect(events.nth(2).getByRole('row', { name: /^Status/ })).toContainText('In reviewApproved');
  // One date format everywhere, its spaces non-breaking so it never wraps.
  await expect(events.nth(4).getByRole('row', { name: /^Next review date/ })).toContainText('31\u00a0Jan\u00a02027');
  // Nothing raw is left: no enum values, ISO timestamps or whole ids.
  const text = await trail.innerText();
  expect(text).not.toMatch(/in_review|\d{4}-\d{2}-\d{2}T|[0-9a-f]{8}-[0-9a-f]{4}-/);

  // The integrity check of the whole trail is in Settings.
  await app.getByRole('link', { name: 'Settings' }).click();
  const section = app.getByRole('group', { name: 'Audit trail' });
  await section.getByRole('button', { name: 'Verify audit trail' }).click();
  await expect(section.getByText(/^Audit trail intact: all \d+ events match/)).toBeVisible();
});
