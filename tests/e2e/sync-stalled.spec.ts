/**
 * A change the server keeps refusing as a missing reference (here: a finding that points at
 * another organization's audit, which the server answers exactly like a missing one) stalls
 * after 10 minutes of retries. The sync panel says the server keeps refusing it and why, exports
 * it to a file and discards it after asking.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { expect, test } from './dev-stack-fixtures';
import { asOperator, axeInBothThemes, expectSynced, signInToDemo, statusBar } from './sync-steps';

test('a stalled change is explained, exported and discarded after asking', async ({ page, orgHost, devStack }) => {
  const owner = devStack.user('owner');
  await page.goto(orgHost.url);
  await signInToDemo(page, owner);
  await expectSynced(page);

  const elsewhere = randomUUID();
  const theirAudit = randomUUID();
  await asOperator(devStack, async (db) => {
    await db.query(`insert into public.organizations (id, name) values ($1, 'Elsewhere Ltd')`, [elsewhere]);
    await db.query(`insert into public.audits (id, org_id, title) values ($1, $2, 'Their audit')`, [theirAudit, elsewhere]);
  });
  // A change made here long ago whose first failure was 11 minutes back: it has been retried since.
  const replica = new Database(path.join(orgHost.dataDir, 'workspaces', owner.org, 'replica.sqlite3'));
  try {
    const longAgo = new Date(Date.now() - 11 * 60_000).toISOString();
    replica
      .prepare(
        `INSERT INTO outbox (mutation_id, org_id, table_name, record_id, op, patch, base, created_at, state, reason, attempts, first_failed_at)
         VALUES (?, ?, 'findings', ?, 'insert', ?, NULL, ?, 'retrying', 'missing_reference', 5, ?)`,
      )
      .run(
        randomUUID(),
        owner.org,
        randomUUID(),
        JSON.stringify({ audit_id: theirAudit, title: 'Points elsewhere', severity: 'low' }),
        longAgo,
        longAgo,
      );
  } finally {
    replica.close();
  }
  // Realtime is live, so nothing else starts a round: ask for one, as the user would.
  await page.evaluate(`window.location.hash = '#/sync'`);
  await page.getByRole('button', { name: 'Retry now' }).click();
  const attention = statusBar(page).getByTestId('sync-attention');
  await expect(attention).toHaveText('1 needs attention', { timeout: 30_000 });

  const row = page.getByRole('table', { name: 'Changes not yet synced' }).getByRole('row').filter({ hasText: 'New finding' });
  await expect(row.getByRole('cell').nth(3)).toHaveText(
    /^Stalled\s*The server keeps refusing it because it points at a record the server does not have \(or one outside this organization\)/,
  );
  await axeInBothThemes(page, 'sync panel with a stalled change');

  await row.getByRole('button', { name: /^Export / }).click();
  const exported = page.getByRole('status').filter({ hasText: 'Exported 1 refused change to' });
  await expect(exported).toBeVisible();
  const file = (await exported.locator('code').textContent())!;
  expect(existsSync(file)).toBe(true);
  expect(readFileSync(file, 'utf8')).toContain('"state": "stalled"');

  await row.getByRole('button', { name: /^Discard / }).click();
  const ask = page.getByRole('alertdialog', { name: 'Discard this stalled change?' });
  await expect(ask).toContainText('The server keeps refusing it because');
  await ask.getByRole('button', { name: 'Discard change' }).click();
  await expect(ask).toHaveCount(0);
  await expect(row).toHaveCount(0);
  await expect(attention).toHaveCount(0);
  await expectSynced(page);
});
