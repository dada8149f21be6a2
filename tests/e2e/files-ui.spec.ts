/**
 * The files views against `npm run dev:stack`, on two computers of one organization: evidence
 * added on A reads on B "Not on this computer · size · Download" (no preview, no copy to save),
 * while A has it; the audit's offline total counts it as still to download on B and as already
 * here on A; the Sync panel's Uploads and downloads section and Settings → Files on this
 * computer (use and cache limit, kept across a restart). Axe on each.
 */
import type { Page } from '@playwright/test';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ComplyflowApi } from '../../src-shared/api';
import { expect, test } from './dev-stack-fixtures';
import { startHost, stopChild } from './fixtures';
import { axeInBothThemes, expectSynced, nav, signInToDemo } from './sync-steps';

type AppWindow = { complyflow: ComplyflowApi };

/** The sync panel, from Settings (the status bar's way in is not there offline with nothing waiting). */
async function openSyncPanel(page: Page) {
  await nav(page, 'Settings');
  await page.getByRole('button', { name: 'Open the sync panel' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Sync' })).toBeVisible();
}

test.describe.configure({ timeout: 150_000 });

async function openAuditOffline(page: Page, auditId: string, auditTitle: string) {
  await page.evaluate((id) => (location.hash = `#/audits/${id}`), auditId);
  await expect(page.getByRole('heading', { level: 1, name: auditTitle })).toBeVisible();
  await page.getByRole('button', { name: 'Make this audit available offline…' }).click();
  return page.getByRole('alertdialog', { name: `Make “${auditTitle}” available offline?` });
}

test('evidence from another computer reads Not on this computer, and the audit offline total counts what is missing here', async ({
  page,
  orgHost,
  devStack,
  browser,
}) => {
  const stamp = Date.now();
  const title = `Router config ${stamp}`;
  const auditTitle = `Network audit ${stamp}`;
  await page.goto(orgHost.url);
  await signInToDemo(page, devStack.user('owner'));
  await expectSynced(page);
  await nav(page, 'Evidence');
  await page
    .getByLabel('Choose evidence files')
    .setInputFiles({ name: 'router.bin', mimeType: 'application/octet-stream', buffer: randomBytes(300 * 1024) });
  const form = page.getByRole('form', { name: 'Add evidence' });
  await form.getByLabel('Title').fill(title);
  await form.getByRole('button', { name: 'Add evidence' }).click();
  await expect(page.getByRole('form', { name: 'Evidence details' }).getByRole('heading', { name: title })).toBeVisible();
  const evidenceId = /#\/evidence\/([0-9a-f-]{36})/.exec(page.url())![1];
  await expect(page.getByTestId('file-where')).toHaveText('On this computer · 300 KB');
  const auditId = await page.evaluate(
    async ({ evidenceId, auditTitle }) => {
      const api = (globalThis as unknown as AppWindow).complyflow;
      const unwrap = <T>(r: { ok: true; value: T } | { ok: false; error: { message: string } }) => {
        if (!r.ok) throw new Error(r.error.message);
        return r.value;
      };
      const framework = unwrap(await api.frameworks.list({})).items[0];
      const control = unwrap(await api.controls.list({ frameworkId: framework.id, query: 'AC-2' })).items[0];
      unwrap(await api.evidence.linkControl({ evidenceId, controlId: control.id }));
      return unwrap(
        // AC-2 alone (files-sync.spec.ts keeps to AC-1): the audit's totals are this test's own.
        await api.audits.create({
          title: auditTitle,
          controlIds: [control.id],
          windowStart: '2026-11-01',
          windowEnd: '2026-12-31',
        }),
      ).id;
    },
    { evidenceId, auditTitle },
  );
  await expectSynced(page);
  // Here, where it was added, the file is already on this computer.
  const here = await openAuditOffline(page, auditId, auditTitle);
  await expect(here.getByTestId('audit-offline-summary')).toHaveText(
    '1 file, 300 KB in all. Every file is already on this computer; they will be kept offline.',
  );
  await here.getByRole('button', { name: 'Cancel' }).click();
  await expect(here).toHaveCount(0);

  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'complyflow-e2e-org-b-'));
  const b = await startHost(dataDir, orgHost.args, { COMPLYFLOW_PROBE_MS: '200' });
  const context = await browser.newContext();
  try {
    const other = await context.newPage();
    await other.goto(b.url);
    await signInToDemo(other, devStack.user('admin'));
    await expectSynced(other);
    await other.evaluate((id) => (location.hash = `#/evidence/${id}`), evidenceId);
    await expect(other.getByRole('form', { name: 'Evidence details' }).getByRole('heading', { name: title })).toBeVisible();
    const original = other.getByRole('region', { name: 'Original file' });
    await expect(original.getByTestId('file-where')).toHaveText('Not on this computer · 300 KB');
    await expect(original.getByRole('button', { name: 'Download router.bin' })).toBeVisible();
    await expect(original.getByRole('switch', { name: 'Keep offline' })).not.toBeChecked();
    await expect(original.getByRole('button', { name: /^Save a copy/ })).toHaveCount(0);
    await expect(other.getByRole('region', { name: 'Preview' })).toHaveText(
      /No preview: the file is not on this computer\. Download it to see it here\./,
    );
    await axeInBothThemes(other, 'evidence not on this computer');

    const dialog = await openAuditOffline(other, auditId, auditTitle);
    await expect(dialog.getByTestId('audit-offline-summary')).toHaveText(
      '1 file, 300 KB in all. 300 KB (1 file) still to download to this computer.',
    );
    await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
    await axeInBothThemes(other, 'audit offline confirm');
    await other.keyboard.press('Escape');
    await expect(dialog).toHaveCount(0);
  } finally {
    await context.close();
    await stopChild(b.child);
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('the Sync panel says when nothing travels, and the cache limit is shown with its use and kept', async ({
  page,
  orgHost,
  devStack,
}) => {
  await page.goto(orgHost.url);
  await signInToDemo(page, devStack.user('owner'));
  await expectSynced(page);
  await openSyncPanel(page);
  const section = page.getByRole('region', { name: 'Uploads and downloads' });
  await expect(
    section.getByText('No files are uploading or downloading: every evidence file is where it should be.'),
  ).toBeVisible();
  await axeInBothThemes(page, 'sync panel with no transfers');

  await nav(page, 'Settings');
  const cache = page.getByRole('form', { name: 'Files on this computer' });
  await expect(cache.getByTestId('files-cache-usage')).toHaveText(
    /^Using 0 bytes of 5 GB on this computer; 0 bytes of it kept offline/,
  );
  await cache.getByLabel('Cache limit (GB)').fill('2');
  await cache.getByRole('button', { name: 'Save cache limit' }).click();
  await expect(page.getByText('Files kept on this computer up to 2 GB.')).toBeVisible();
  await expect(cache.getByTestId('files-cache-usage')).toHaveText(/^Using 0 bytes of 2 GB on this computer/);
  await axeInBothThemes(page, 'settings with the cache limit');
  await orgHost.restart();
  await page.goto(orgHost.url);
  await nav(page, 'Settings');
  await expect(page.getByRole('form', { name: 'Files on this computer' }).getByLabel('Cache limit (GB)')).toHaveValue('2');
});
