/**
 * Nothing deleted is gone without a way back: deleting a policy in force asks first, every
 * delete (policy, evidence, audit, framework) lands in the Trash with Restore, and emptying the
 * Trash asks.
 */
import AxeBuilder from '@axe-core/playwright';
import type { ComplyflowApi } from '../../src-shared/api';
import { expect, test } from './fixtures';
import { stageInPage } from './stage-in-page';
import { approvePolicy, createSavedPolicy } from './policy-steps';

type AppWindow = { complyflow: ComplyflowApi };

test('a policy in force asks before it is deleted, and comes back from the Trash', async ({ app }) => {
  await app.getByRole('link', { name: 'Policies' }).click();
  const editor = await createSavedPolicy(app, { title: 'Acceptable Use Policy' });
  await editor.getByRole('button', { name: 'Submit for review' }).click();
  await approvePolicy(app, editor);
  // The approval set the review date a year out: publishing keeps it and does not ask.
  await editor.getByRole('button', { name: 'Publish' }).click();
  await expect(editor.getByTestId('policy-status')).toHaveText('Published');

  await editor.getByRole('button', { name: 'Delete' }).click();
  const ask = app.getByRole('alertdialog', { name: 'Delete a policy in force?' });
  await expect(ask).toContainText('“Acceptable Use Policy” is published and in force.');
  await ask.getByRole('button', { name: 'Cancel' }).click();
  await expect(editor.getByLabel('Title')).toHaveValue('Acceptable Use Policy');

  await editor.getByRole('button', { name: 'Delete' }).click();
  await ask.getByRole('button', { name: 'Move to Trash' }).click();
  await expect(app.getByRole('listbox', { name: 'Policies' }).getByRole('option', { name: /Acceptable Use Policy/ })).toHaveCount(
    0,
  );

  await app.getByRole('link', { name: 'Trash' }).click();
  const trash = app.getByRole('table', { name: 'Deleted records' });
  await expect(trash.getByRole('row', { name: /Acceptable Use Policy/ })).toContainText('Policy');
  await trash.getByRole('button', { name: 'Restore “Acceptable Use Policy”' }).click();
  await expect(app.getByText('The Trash is empty.')).toBeVisible();
  await app.getByRole('link', { name: 'Policies' }).click();
  const row = app.getByRole('listbox', { name: 'Policies' }).getByRole('option', { name: /Acceptable Use Policy/ });
  await expect(row).toBeVisible();

  // The history says where the policy went, in words (not "Deleted (empty)").
  await row.click();
  await editor.getByRole('tab', { name: 'Trail' }).click();
  const events = editor.getByRole('list', { name: 'Trail events' }).getByRole('listitem');
  await expect(events.nth(0).getByRole('row', { name: /^In the Trash/ })).toContainText(
    /Yes, since \d{1,2}\s\w{3,4}\s\d{4}.*No$/,
  );
  await expect(events.nth(1)).toContainText('Deleted');
  await expect(events.nth(1).getByRole('row', { name: /^In the Trash/ })).toContainText(/^In the TrashNoYes, since /);
  for (const trashRow of await editor.getByRole('row', { name: /^In the Trash/ }).all()) {
    await expect(trashRow).not.toContainText('(empty)');
  }
});

test('frameworks, audits and evidence go to the Trash too; emptying it asks and is final', async ({ app }) => {
  const firewall = await stageInPage(app, 'firewall.txt', 'allow 443');
  await app.evaluate(async (stagedFileId) => {
    const api = (globalThis as unknown as AppWindow).complyflow;
    const unwrap = <T>(r: { ok: true; value: T } | { ok: false; error: { message: string } }): T => {
      if (!r.ok) throw new Error(r.error.message);
      return r.value;
    };
    const fw = unwrap(await api.frameworks.importShipped({ name: 'nist-800-53r5-low', jobId: 'e2e-low' }));
    const audit = unwrap(
      await api.audits.create({
        title: 'Spot check',
        windowStart: '2026-01-01',
        windowEnd: '2026-01-31',
        frameworkId: fw.frameworkId,
      }),
    );
    const evidence = unwrap(
      await api.evidence.add({
        title: 'Firewall export',
        stagedFileId,
        asOfDate: '2026-01-15',
      }),
    );
    unwrap(await api.evidence.delete({ id: evidence.id }));
    unwrap(await api.audits.delete({ id: audit.id }));
  }, firewall.id);

  // The framework is deleted from its page, which asks first.
  await app.getByRole('link', { name: 'Frameworks' }).click();
  await app.getByRole('button', { name: 'Delete framework…' }).click();
  const ask = app.getByRole('alertdialog', { name: 'Delete this framework?' });
  await expect(ask).toContainText('149 controls');
  await ask.getByRole('button', { name: 'Move to Trash' }).click();
  await expect(app.getByText(/Moved “.*LOW.*” to the Trash\./)).toBeVisible();

  await app.getByRole('link', { name: 'Trash' }).click();
  const rows = app.getByRole('table', { name: 'Deleted records' }).getByRole('row');
  await expect(rows).toHaveCount(4); // header + framework, audit, evidence
  await expect(rows.nth(1)).toContainText('Framework');
  await expect(rows.nth(2)).toContainText('AuditSpot check');
  await expect(rows.nth(3)).toContainText('EvidenceFirewall export');
  for (const theme of ['light', 'dark']) {
    await app.locator('html').evaluate((html, t) => html.setAttribute('data-theme', t), theme);
    const axe = await new AxeBuilder({ page: app }).include('.trash-page').analyze();
    expect(axe.violations.map((v) => `${theme} ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  }

  await app.getByRole('button', { name: 'Restore “Spot check”' }).click();
  await expect(rows).toHaveCount(3);

  await app.getByRole('button', { name: 'Empty Trash' }).click();
  const empty = app.getByRole('alertdialog', { name: 'Empty the Trash?' });
  await expect(empty).toContainText('2 deleted records will be gone for good');
  await empty.getByRole('button', { name: 'Cancel' }).click();
  await expect(rows).toHaveCount(3);
  await app.getByRole('button', { name: 'Empty Trash' }).click();
  await empty.getByRole('button', { name: 'Empty Trash' }).click();
  await expect(app.getByText('The Trash is empty.')).toBeVisible();
  await expect(app.getByRole('button', { name: 'Empty Trash' })).toBeDisabled();

  await app.getByRole('link', { name: 'Audits' }).click();
  await expect(app.getByRole('link', { name: 'Spot check' })).toBeVisible();
});
