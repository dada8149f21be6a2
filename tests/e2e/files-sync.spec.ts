/**
 * Evidence files between two computers of one organization, against `npm run dev:stack` and
 * the real engines: a file added on A uploads (the Sync panel shows it), appears on B as "Not on
 * this computer · size · Download", downloads with its progress in the Sync panel, opens in the
 * preview and saves a copy whose SHA-256 is the one shown; "Keep offline" is the core's (it
 * holds after a reload); "Make this audit available offline" shows the total first, then pins and downloads;
 * a download paused while offline stays paused until resumed. Axe on each new view.
 */
import type { Browser, Page } from '@playwright/test';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ComplyflowApi } from '../../src-shared/api';
import type { Transfer } from '../../src-shared/domain/transfers';
import { expect, test, type DevStackUser, type OrgHost } from './dev-stack-fixtures';
import { startHost, stopChild } from './fixtures';
import { axeInBothThemes, expectSynced, nav, signInToDemo } from './sync-steps';

type AppWindow = { complyflow: ComplyflowApi };
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** A second computer of the organization: its own data folder and browser host, same project. */
async function secondComputer(browser: Browser, orgHost: OrgHost) {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'complyflow-e2e-org-b-'));
  const running = await startHost(dataDir, orgHost.args, { COMPLYFLOW_PROBE_MS: '200' });
  const context = await browser.newContext({ acceptDownloads: true });
  const page = await context.newPage();
  await page.goto(running.url);
  return {
    page,
    async close() {
      await context.close();
      await stopChild(running.child);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Adds evidence through the form, as a person would; answers the new record's id (from the address). */
async function addEvidence(page: Page, file: { name: string; mimeType: string; buffer: Buffer }, title: string) {
  await nav(page, 'Evidence');
  await page.getByLabel('Choose evidence files').setInputFiles(file);
  const form = page.getByRole('form', { name: 'Add evidence' });
  await form.getByLabel('Title').fill(title);
  await form.getByRole('button', { name: 'Add evidence' }).click();
  await expect(page.getByRole('form', { name: 'Evidence details' }).getByRole('heading', { name: title })).toBeVisible();
  return /#\/evidence\/([0-9a-f-]{36})/.exec(page.url())![1];
}

/** The transfers the core knows of, finished ones included (what the Sync panel lists comes from here). */
const transfers = (page: Page) =>
  page.evaluate(async () => {
    const r = await (globalThis as unknown as AppWindow).complyflow.files.transfers({ filter: 'all', limit: 500 });
    if (!r.ok) throw new Error(r.error.message);
    return r.value.items;
  });

async function expectUploaded(page: Page, evidenceId: string) {
  await expect
    .poll(
      async () => (await transfers(page)).find((t: Transfer) => t.direction === 'upload' && t.evidenceId === evidenceId)?.state,
      {
        timeout: 60_000,
      },
    )
    .toBe('done');
}

async function openOnB(page: Page, evidenceId: string, title: string) {
  await nav(page, 'Evidence');
  await page.getByRole('list', { name: 'Evidence' }).getByRole('listitem').filter({ hasText: title }).click();
  await expect(page.getByRole('form', { name: 'Evidence details' }).getByRole('heading', { name: title })).toBeVisible();
  expect(page.url()).toContain(evidenceId);
  return page.getByRole('region', { name: 'Original file' });
}

async function signIn(page: Page, user: DevStackUser) {
  await signInToDemo(page, user);
  await expectSynced(page);
}

/** The sync panel, from Settings (the status bar's way in is not there offline with nothing waiting). */
async function openSyncPanel(page: Page) {
  await nav(page, 'Settings');
  await page.getByRole('button', { name: 'Open the sync panel' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Sync' })).toBeVisible();
}

test.describe.configure({ timeout: 180_000 });

test('a file added on one computer shows on another as not there, downloads with progress, previews, and its copy hashes right', async ({
  page,
  orgHost,
  devStack,
  browser,
}) => {
  const bytes = Buffer.from(
    Array.from(
      { length: 12_000 },
      (_, i) => `user-${i},${i % 7 === 0 ? 'admin' : 'member'},2026-11-${String((i % 28) + 1).padStart(2, '0')}\n`,
    ).join(''),
  );
  const title = `Access review export ${Date.now()}`;
  await page.goto(orgHost.url);
  await signIn(page, devStack.user('owner'));
  const evidenceId = await addEvidence(page, { name: 'access-review.csv', mimeType: 'text/csv', buffer: bytes }, title);
  // On the computer that captured it the file is here: nothing to download.
  await expect(page.getByTestId('file-where')).toHaveText(/^On this computer · /);
  await expectUploaded(page, evidenceId);
  await expectSynced(page);

  const b = await secondComputer(browser, orgHost);
  try {
    await signIn(b.page, devStack.user('admin'));
    const original = await openOnB(b.page, evidenceId, title);
    const size = (await original.getByTestId('file-where').textContent())!;
    expect(size).toMatch(/^Not on this computer · \d+(\.\d)? KB$/);
    await expect(b.page.getByTestId('evidence-sha256')).toHaveText(sha256(bytes));
    await expect(b.page.getByRole('region', { name: 'Preview' })).toContainText('not on this computer');
    await expect(original.getByRole('button', { name: /^Save a copy/ })).toHaveCount(0);
    await axeInBothThemes(b.page, 'evidence not on this computer');

    await original.getByRole('button', { name: 'Download access-review.csv' }).click();
    await expect(original.getByTestId('file-where')).toHaveText(size.replace('Not on this computer', 'On this computer'), {
      timeout: 60_000,
    });
    await expect(b.page.getByRole('region', { name: 'Preview' }).getByLabel(`Preview of ${title}`)).toContainText(
      'user-11999,member',
    );

    // The copy handed to the user is the file that was added on A, byte for byte.
    const downloading = b.page.waitForEvent('download');
    await original.getByRole('button', { name: 'Save a copy of access-review.csv' }).click();
    const saved = readFileSync(await (await downloading).path());
    expect(sha256(saved)).toBe(sha256(bytes));

    // The Sync panel kept the download's row, finished.
    await openSyncPanel(b.page);
    const row = b.page.getByRole('table', { name: 'Uploads and downloads' }).getByRole('row').filter({ hasText: title });
    await expect(row).toContainText('Downloaded');
    await expect(row).toContainText('(100%)');
    await axeInBothThemes(b.page, 'sync panel with a finished download');

    // Keep offline is this computer's choice, kept by the core: a reloaded window still shows it.
    const again = await openOnB(b.page, evidenceId, title);
    const keep = again.getByRole('switch', { name: 'Keep offline' });
    await expect(keep).not.toBeChecked();
    await keep.check();
    await expect(keep).toBeChecked();
    await b.page.reload();
    await expect(
      b.page.getByRole('region', { name: 'Original file' }).getByRole('switch', { name: 'Keep offline' }),
    ).toBeChecked();
  } finally {
    await b.close();
  }
});

test('making an audit available offline shows the total first, then keeps its files and downloads them', async ({
  page,
  orgHost,
  devStack,
  browser,
}) => {
  const stamp = Date.now();
  const files = [randomBytes(300 * 1024), randomBytes(200 * 1024)];
  await page.goto(orgHost.url);
  await signIn(page, devStack.user('owner'));
  const ids: string[] = [];
  for (const [i, buffer] of files.entries())
    ids.push(
      await addEvidence(page, { name: `config-${i}.bin`, mimeType: 'application/octet-stream', buffer }, `Config ${i} ${stamp}`),
    );
  // Linked to AC-1 of the demo framework, the audit's only control (files-ui.spec.ts keeps to AC-2, so the totals are this test's own).
  const auditTitle = `Field audit ${stamp}`;
  const auditId = await page.evaluate(
    async ({ ids, auditTitle }) => {
      const api = (globalThis as unknown as AppWindow).complyflow;
      const unwrap = <T>(r: { ok: true; value: T } | { ok: false; error: { message: string } }) => {
        if (!r.ok) throw new Error(r.error.message);
        return r.value;
      };
      const framework = unwrap(await api.frameworks.list({})).items[0];
      const control = unwrap(await api.controls.list({ frameworkId: framework.id, query: 'AC-1' })).items[0];
      for (const evidenceId of ids) unwrap(await api.evidence.linkControl({ evidenceId, controlId: control.id }));
      const audit = unwrap(
        await api.audits.create({
          title: auditTitle,
          controlIds: [control.id],
          windowStart: '2026-11-01',
          windowEnd: '2026-12-31',
        }),
      );
      return audit.id;
    },
    { ids, auditTitle },
  );
  for (const id of ids) await expectUploaded(page, id);
  await expectSynced(page);

  const b = await secondComputer(browser, orgHost);
  try {
    await signIn(b.page, devStack.user('admin'));
    await b.page.evaluate((id) => (location.hash = `#/audits/${id}`), auditId);
    await expect(b.page.getByRole('heading', { level: 1, name: auditTitle })).toBeVisible();
    await b.page.getByRole('button', { name: 'Make this audit available offline…' }).click();
    const dialog = b.page.getByRole('alertdialog', { name: `Make “${auditTitle}” available offline?` });
    await expect(dialog.getByTestId('audit-offline-summary')).toHaveText(
      '2 files, 500 KB in all. 500 KB (2 files) still to download to this computer.',
    );
    await axeInBothThemes(b.page, 'audit offline confirm');
    await dialog.getByRole('button', { name: 'Keep offline and download' }).click();
    await expect(dialog).toHaveCount(0);
    await expect(b.page.getByTestId('audit-offline-progress')).toHaveText(
      'Every file of this audit is on this computer and kept offline.',
      { timeout: 60_000 },
    );
    // Each file is here now, and kept offline.
    const original = await openOnB(b.page, ids[0], `Config 0 ${stamp}`);
    await expect(original.getByTestId('file-where')).toHaveText('On this computer · 300 KB');
    await expect(original.getByRole('switch', { name: 'Keep offline' })).toBeChecked();
    // Asked again, nothing is left to download.
    await b.page.evaluate((id) => (location.hash = `#/audits/${id}`), auditId);
    await b.page.getByRole('button', { name: 'Make this audit available offline…' }).click();
    await expect(b.page.getByTestId('audit-offline-summary')).toHaveText(
      '2 files, 500 KB in all. Every file is already on this computer; they will be kept offline.',
    );
  } finally {
    await b.close();
  }
});

test('a download paused while offline stays paused when the network is back, until resumed', async ({
  page,
  orgHost,
  devStack,
  browser,
}) => {
  const bytes = randomBytes(256 * 1024);
  const title = `Offline capture ${Date.now()}`;
  await page.goto(orgHost.url);
  await signIn(page, devStack.user('owner'));
  const evidenceId = await addEvidence(page, { name: 'capture.bin', mimeType: 'application/octet-stream', buffer: bytes }, title);
  await expectUploaded(page, evidenceId);
  await expectSynced(page);

  const b = await secondComputer(browser, orgHost);
  try {
    await signIn(b.page, devStack.user('admin'));
    await openSyncPanel(b.page);
    await expect(
      b.page.getByText('No files are uploading or downloading: every evidence file is where it should be.'),
    ).toBeVisible();
    await axeInBothThemes(b.page, 'sync panel with no transfers');

    await devStack.network(false);
    const original = await openOnB(b.page, evidenceId, title);
    await original.getByRole('button', { name: 'Download capture.bin' }).click();
    await openSyncPanel(b.page);
    const row = b.page.getByRole('table', { name: 'Uploads and downloads' }).getByRole('row').filter({ hasText: title });
    await expect(row).toContainText('Download');
    await expect(row).toContainText('256 KB');
    await row.getByRole('button', { name: `Pause the download of “${title}”` }).click();
    await expect(row.getByRole('cell').nth(3)).toHaveText('Paused');
    await axeInBothThemes(b.page, 'sync panel with a paused download');

    // Back online, sync runs, but the paused file does not move.
    await devStack.network(true);
    await b.page.getByRole('button', { name: 'Retry now' }).click();
    await expectSynced(b.page);
    await expect(row.getByRole('cell').nth(3)).toHaveText('Paused');
    expect((await transfers(b.page)).find((t: Transfer) => t.sha256 === sha256(bytes))?.state).toBe('paused');

    await row.getByRole('button', { name: `Resume the download of “${title}”` }).click();
    await expect(row.getByRole('cell').nth(3)).toHaveText('Downloaded', { timeout: 60_000 });
    await expect(row).toContainText('(100%)');
    const here = await openOnB(b.page, evidenceId, title);
    await expect(here.getByTestId('file-where')).toHaveText('On this computer · 256 KB');
  } finally {
    await b.close();
  }
});
