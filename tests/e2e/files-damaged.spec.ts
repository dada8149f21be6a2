/**
 * A damaged file on the server, against `npm run dev:stack`: the copy in Storage no longer
 * matches its SHA-256. The computer that downloads it keeps nothing and says so in an alert;
 * the computer that added the file (which holds the right bytes) uploads it again at its next
 * sync, and the download then runs by itself and stores the original bytes.
 */
import type { Page } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ComplyflowApi } from '../../src-shared/api';
import { expect, test } from './dev-stack-fixtures';
import { startHost, stopChild } from './fixtures';
import { axeInBothThemes, expectSynced, nav, signInToDemo } from './sync-steps';

type AppWindow = { complyflow: ComplyflowApi };

const uploadState = (page: Page, evidenceId: string) =>
  page.evaluate(async (id) => {
    const r = await (globalThis as unknown as AppWindow).complyflow.files.transfers({ filter: 'all', limit: 500 });
    if (!r.ok) throw new Error(r.error.message);
    return r.value.items.find((t) => t.direction === 'upload' && t.evidenceId === id)?.state ?? null;
  }, evidenceId);

test.describe.configure({ timeout: 180_000 });

test('a damaged server copy is refused with an alert, then repaired by the computer that holds the file', async ({
  page,
  orgHost,
  devStack,
  browser,
}) => {
  const owner = devStack.user('owner');
  const title = `Badge access log ${Date.now()}`;
  await page.goto(orgHost.url);
  await signInToDemo(page, owner);
  await expectSynced(page);
  await nav(page, 'Evidence');
  await page.getByLabel('Choose evidence files').setInputFiles({
    name: 'badge-log.txt',
    mimeType: 'text/plain',
    buffer: Buffer.from(`door 3 opened by badge 4411 at 07:02\n`.repeat(400)),
  });
  const form = page.getByRole('form', { name: 'Add evidence' });
  await form.getByLabel('Title').fill(title);
  await form.getByRole('button', { name: 'Add evidence' }).click();
  await expect(page.getByRole('form', { name: 'Evidence details' }).getByRole('heading', { name: title })).toBeVisible();
  const evidenceId = /#\/evidence\/([0-9a-f-]{36})/.exec(page.url())![1]!;
  const sha256 = (await page.getByTestId('evidence-sha256').textContent())!.trim();
  await expect.poll(() => uploadState(page, evidenceId), { timeout: 60_000 }).toBe('done');
  await expectSynced(page);

  // The computer that holds the file goes away; then the server's copy is damaged.
  await orgHost.stop();
  await devStack.corrupt('evidence-files', `${owner.org}/${sha256}`);

  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'complyflow-e2e-org-b-'));
  const b = await startHost(dataDir, orgHost.args, { COMPLYFLOW_PROBE_MS: '200' });
  const context = await browser.newContext();
  try {
    const other = await context.newPage();
    await other.goto(b.url);
    await signInToDemo(other, devStack.user('admin'));
    await expectSynced(other);
    await nav(other, 'Evidence');
    await other.getByRole('list', { name: 'Evidence' }).getByRole('listitem').filter({ hasText: title }).click();
    const original = other.getByRole('region', { name: 'Original file' });
    await original.getByRole('button', { name: 'Download badge-log.txt' }).click();
    const alert = original.getByTestId('file-damaged');
    await expect(alert).toContainText('This file cannot be downloaded yet.', { timeout: 60_000 });
    await expect(alert).toContainText('does not match its fingerprint');
    await expect(original.getByTestId('file-where')).toHaveText(/^Damaged on the server · /);
    await expect(original.getByRole('button', { name: /^Save a copy/ })).toHaveCount(0);
    await axeInBothThemes(other, 'a damaged file');

    // The owner's computer comes back (the browser host keeps no session over a restart): it
    // uploads the original again, and B's download runs by itself.
    await orgHost.restart();
    await page.goto(orgHost.url);
    await signInToDemo(page, owner);
    await expectSynced(page);
    await expect(original.getByTestId('file-where')).toHaveText(/^On this computer · /, { timeout: 120_000 });
    await expect(alert).toHaveCount(0);
    await expect(other.getByRole('region', { name: 'Preview' })).toContainText('door 3 opened by badge 4411');
  } finally {
    await context.close();
    await stopChild(b.child);
    rmSync(dataDir, { recursive: true, force: true });
  }
});
