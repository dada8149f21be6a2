import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import type { ComplyflowApi } from '../../src-shared/api';
import { expect, test } from './fixtures';

const FIXTURES = path.resolve(__dirname, '../fixtures/evidence');
const fixture = (name: string) => readFileSync(path.join(FIXTURES, name));
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

async function openEvidence(app: Page) {
  await app.getByRole('link', { name: 'Evidence' }).click();
  await expect(app.getByRole('heading', { name: 'Evidence', level: 1 })).toBeVisible();
}

test('a file added by the picker under a hostile name shows its SHA-256, its name as text, and an image preview', async ({
  app,
  host,
}) => {
  await openEvidence(app);
  const bytes = fixture('mfa-settings.png');
  const hostileName = '..\\..\\..\\Windows\\CON\u202egnp.exe.png';
  await app.getByLabel('Choose evidence files').setInputFiles({ name: hostileName, mimeType: 'image/png', buffer: bytes });

  const form = app.getByRole('form', { name: 'Add evidence' });
  await expect(form.getByTestId('pending-file-name')).toContainText('CON');
  await form.getByLabel('Title').fill('MFA settings screenshot');
  await expect(form.getByLabel('As-of date')).not.toHaveValue('');
  await form.getByRole('button', { name: 'Add evidence' }).click();

  const detail = app.getByRole('form', { name: 'Evidence details' });
  await expect(detail.getByTestId('evidence-sha256')).toHaveText(sha256(bytes));
  // Shown verbatim, with the direction override made visible instead of reversing the text.
  await expect(detail.getByTestId('evidence-file-name')).toHaveText('..\\..\\..\\Windows\\CON\uFFFDgnp.exe.png');
  const row = app.getByRole('list', { name: 'Evidence' }).getByRole('listitem').filter({ hasText: 'MFA settings screenshot' });
  await expect(row).toContainText(sha256(bytes).slice(0, 12));
  await expect(row.getByRole('button', { name: 'Copy SHA-256 of MFA settings screenshot' })).toBeVisible();

  const image = app.getByRole('img', { name: 'Preview of MFA settings screenshot' });
  await expect(image).toBeVisible();
  await expect.poll(() => image.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBe(16);

  // Nothing outside the workspace was written, whatever the name said.
  const { readdirSync } = await import('node:fs');
  // (browser-host.json is the host's own port and token, kept so open tabs can reconnect.)
  // The app's own settings files sit beside the workspaces; nothing else may appear there.
  expect(readdirSync(host.dataDir).sort()).toEqual(['browser-host.json', 'update-settings.json', 'workspaces']);
});

test('a text file previews as text; old evidence on a renewal cadence is marked expired and filters', async ({ app }) => {
  await openEvidence(app);
  await app.getByLabel('Choose evidence files').setInputFiles([
    { name: 'training-export.txt', mimeType: 'text/plain', buffer: fixture('training-export.txt') },
    { name: 'access-review.csv', mimeType: 'text/csv', buffer: fixture('access-review.csv') },
  ]);
  const form = app.getByRole('form', { name: 'Add evidence' });
  await expect(form.getByRole('heading', { level: 2 })).toContainText('file 1 of 2');
  await expect(form.getByLabel('Title')).toHaveValue('training-export');
  await form.getByLabel('Title').fill('Security awareness training');
  await form.getByRole('button', { name: 'Add evidence' }).click();

  await expect(form.getByRole('heading', { level: 2 })).toContainText('file 2 of 2');
  await form.getByLabel('Title').fill('Quarterly access review');
  await form.getByLabel('As-of date').fill('2020-01-15');
  await form.getByLabel('Renew every N days').check();
  await form.getByLabel('Renewal days').fill('90');
  await form.getByRole('button', { name: 'Add evidence' }).click();

  const detail = app.getByRole('form', { name: 'Evidence details' });
  await expect(detail.getByRole('heading', { name: 'Quarterly access review' })).toBeVisible();
  await expect(detail.getByText('Expired', { exact: true })).toBeVisible();
  await expect(app.getByRole('region', { name: 'Preview' }).getByLabel('Preview of Quarterly access review')).toContainText(
    'alice,admin,yes',
  );

  const list = app.getByRole('list', { name: 'Evidence' });
  await app.getByRole('search').getByLabel('Show').selectOption({ label: 'Expired only' });
  await expect(list.getByRole('listitem')).toHaveCount(1);
  await expect(list.getByRole('listitem')).toContainText('Quarterly access review');
  await expect(list.getByRole('listitem')).toContainText('Expired');
  await app.getByRole('search').getByLabel('Show').selectOption({ label: 'All evidence' });
  await app.getByLabel('Search evidence').fill('training');
  await expect(list.getByRole('listitem')).toHaveCount(1);
  await list.getByRole('button', { name: /^Security awareness training/ }).click();
  await expect(app.getByLabel('Preview of Security awareness training')).toContainText('Completed: 42 of 42 staff');
});

test('a file dropped on the page is added', async ({ app }) => {
  await openEvidence(app);
  const text = 'Firewall rules reviewed 2026-03-01\n';
  // Runs in the page (DOM types are not in this test's type scope, so the page's globals are named through globalThis).
  const dataTransfer = await app.evaluateHandle((content) => {
    const page = globalThis as unknown as {
      DataTransfer: new () => { items: { add(file: unknown): void } };
      File: new (parts: string[], name: string, options: { type: string }) => unknown;
    };
    const transfer = new page.DataTransfer();
    transfer.items.add(new page.File([content], 'firewall-review.txt', { type: 'text/plain' }));
    return transfer;
  }, text);
  const zone = app.getByRole('region', { name: 'Drop files here to add evidence' });
  await zone.dispatchEvent('dragover', { dataTransfer });
  await zone.dispatchEvent('drop', { dataTransfer });
  const form = app.getByRole('form', { name: 'Add evidence' });
  await expect(form.getByLabel('Title')).toHaveValue('firewall-review');
  await form.getByRole('button', { name: 'Add evidence' }).click();
  await expect(app.getByTestId('evidence-sha256')).toHaveText(sha256(Buffer.from(text)));
  await expect(app.getByLabel('Preview of firewall-review')).toHaveText(text);
});

test('a file over the size limit is refused with the size and the limit in words', async ({ app, host }) => {
  await openEvidence(app);
  await app.getByText('Change the size limit').click();
  const settings = app.getByRole('form', { name: 'Evidence settings' });
  await settings.getByLabel('File size limit (MB)').fill('1');
  await settings.getByRole('button', { name: 'Save limit' }).click();
  await expect(app.getByText('Files up to 1 MB.')).toBeVisible();

  await app
    .getByLabel('Choose evidence files')
    .setInputFiles({ name: 'backup.bin', mimeType: 'application/octet-stream', buffer: Buffer.alloc(1.5 * 1024 * 1024, 7) });
  const form = app.getByRole('form', { name: 'Add evidence' });
  await expect(form.getByRole('alert')).toHaveText('“backup.bin” is 1.5 MB; the limit is 1 MB (Settings → Evidence).');
  await expect(form.getByRole('button', { name: 'Add evidence' })).toBeDisabled();

  // The core holds the same line for any caller (asked for an upload of that size), and stored nothing.
  const answer = await app.evaluate(() =>
    (globalThis as unknown as { complyflow: ComplyflowApi }).complyflow.evidence.beginUpload({
      fileName: 'backup.bin',
      sizeBytes: 1.5 * 1024 * 1024,
    }),
  );
  expect(answer).toEqual({
    ok: false,
    error: { code: 'FILE_REJECTED', message: '“backup.bin” is 1.5 MB; the limit is 1 MB (Settings → Evidence).' },
  });
  const { existsSync } = await import('node:fs');
  expect(existsSync(path.join(host.dataDir, 'workspaces/local/blobs'))).toBe(false);
});

test('Enter in the control picker links the highlighted match and never submits; edits ask before leaving; expired reads', async ({
  app,
}) => {
  await app.setViewportSize({ width: 1280, height: 800 });
  await app.evaluate(() =>
    (globalThis as unknown as { complyflow: ComplyflowApi }).complyflow.frameworks.importShipped({
      name: 'nist-800-53r5-low',
      jobId: 'e2e-low',
    }),
  );
  await openEvidence(app);
  await app.getByLabel('Choose evidence files').setInputFiles({
    name: 'access-review.csv',
    mimeType: 'text/csv',
    buffer: fixture('access-review.csv'),
  });
  const form = app.getByRole('form', { name: 'Add evidence' });
  await form.getByLabel('Title').fill('Quarterly access review');
  const find = form.getByLabel('Find a control to link');
  // Typed and Enter at once: it waits for the matches, links the first, and does not add the evidence.
  await find.fill('AC-2');
  await find.press('Enter');
  const linked = form.getByRole('region', { name: 'Controls to link' }).getByRole('list').first();
  await expect(linked).toContainText('AC-2 Account Management');
  await expect(form).toBeVisible();
  // Nothing matches: Enter does nothing.
  await find.fill('zzzz no such control');
  await expect(form.getByText('No controls match.', { exact: false })).toBeVisible();
  await find.press('Enter');
  await expect(form).toBeVisible();
  // ↓ then Enter links the second match.
  await find.fill('AC-');
  await expect(form.getByText(/^Enter links AC-/)).toBeVisible();
  await find.press('ArrowDown');
  await find.press('Enter');
  await expect(linked.getByRole('listitem')).toHaveCount(2);

  // Partly filled in: leaving asks, and staying keeps the form.
  app.once('dialog', (d) => void d.dismiss());
  await app.getByRole('link', { name: 'Frameworks' }).click();
  await expect(form.getByLabel('Title')).toHaveValue('Quarterly access review');

  await form.getByLabel('As-of date').fill('2020-01-15');
  await form.getByLabel('Renew every N days').check();
  await form.getByLabel('Renewal days').fill('90');
  await form.getByRole('button', { name: 'Add evidence' }).click();
  const detail = app.getByRole('form', { name: 'Evidence details' });
  await expect(detail.getByRole('heading', { name: 'Quarterly access review' })).toBeVisible();
  await expect(app.getByRole('region', { name: 'Linked controls' })).toContainText('AC-2 Account Management');

  // Editing the details: another item, or another page, asks first.
  await detail.getByLabel('Title').fill('Quarterly access review (Q1)');
  app.once('dialog', (d) => void d.dismiss());
  await app.getByRole('link', { name: 'Audits' }).click();
  await expect(detail.getByLabel('Title')).toHaveValue('Quarterly access review (Q1)');
  await detail.getByRole('button', { name: 'Save' }).click();
  await expect(detail.getByText('Saved', { exact: true })).toBeVisible();
  await app.getByText('History', { exact: true }).click();
  await expect(app.getByRole('region', { name: 'Audit trail' })).toContainText('Quarterly access review (Q1)');

  // A long title without spaces wraps instead of pushing the page sideways.
  await detail.getByLabel('Title').fill('Q'.repeat(280));
  await detail.getByRole('button', { name: 'Save' }).click();
  await expect(detail.getByText('Saved', { exact: true })).toBeVisible();
  const sideways = await app.evaluate(() => {
    const content = (
      globalThis as unknown as { document: { querySelector(s: string): { scrollWidth: number; clientWidth: number } } }
    ).document.querySelector('.content');
    return content.scrollWidth > content.clientWidth + 1;
  });
  expect(sideways).toBe(false);

  // The "Expired" badge passes the contrast check in both themes.
  await expect(detail.getByText('Expired', { exact: true })).toBeVisible();
  for (const theme of ['light', 'dark']) {
    await app.evaluate(`document.documentElement.dataset.theme = ${JSON.stringify(theme)}`);
    const axe = await new AxeBuilder({ page: app }).include('.evidence-page').analyze();
    expect(axe.violations.map((v) => `${theme} ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
    await app.screenshot({ path: test.info().outputPath(`evidence-${theme}.png`) });
  }
});
