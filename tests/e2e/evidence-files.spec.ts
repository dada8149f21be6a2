/**
 * Evidence files in daily use, in Chromium through the browser host: a copy saved as a download
 * under the sanitized original name; an empty file refused when chosen; the same file twice
 * offers the existing record; linked controls name their framework and their buttons keep one
 * line; the match list stays bounded above the preview.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import type { ComplyflowApi } from '../../src-shared/api';
import { expect, test } from './fixtures';

type AppWindow = { complyflow: ComplyflowApi };

async function openEvidence(app: Page) {
  await app.getByRole('link', { name: 'Evidence' }).click();
  await expect(app.getByRole('heading', { name: 'Evidence', level: 1 })).toBeVisible();
}

const csv = Buffer.from('user,role,last_review\nana,admin,2026-01-10\n');

test('an empty file is refused when chosen, the same file twice offers the existing evidence, and a copy downloads under its name', async ({
  app,
}) => {
  await openEvidence(app);
  await app
    .getByLabel('Choose evidence files')
    .setInputFiles({ name: 'empty.txt', mimeType: 'text/plain', buffer: Buffer.alloc(0) });
  await expect(app.getByText('“empty.txt” is empty: there is nothing to keep as evidence.')).toBeVisible();
  await expect(app.getByRole('form', { name: 'Add evidence' })).toHaveCount(0);

  await app.getByLabel('Choose evidence files').setInputFiles({ name: 'access review?.csv', mimeType: 'text/csv', buffer: csv });
  const form = app.getByRole('form', { name: 'Add evidence' });
  await form.getByLabel('Title').fill('Q1 access review');
  await expect(form.getByRole('status')).toHaveCount(0); // a new file: no notice
  await form.getByRole('button', { name: 'Add evidence' }).click();
  const detail = app.getByRole('form', { name: 'Evidence details' });
  await expect(detail.getByRole('heading', { name: 'Q1 access review' })).toBeVisible();

  // Save a copy: in the browser host, a download under the original name made safe.
  const downloading = app.waitForEvent('download');
  const original = app.getByRole('region', { name: 'Original file' });
  await original.getByRole('button', { name: 'Save a copy of access review?.csv' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe('access_review_.csv');
  expect(readFileSync(await download.path()).equals(csv)).toBe(true);
  await expect(original.getByRole('status')).toHaveText('Downloading “access_review_.csv”.');
  await expect(original.getByRole('button', { name: 'Open original' })).toHaveCount(0); // desktop app only

  // The same bytes again, under another name.
  await app.getByLabel('Choose evidence files').setInputFiles({ name: 'copy.csv', mimeType: 'text/csv', buffer: csv });
  const again = app.getByRole('form', { name: 'Add evidence' });
  await expect(again.getByRole('status')).toContainText('This file is already evidence: “Q1 access review” (added ');
  for (const theme of ['light', 'dark']) {
    await app.locator('html').evaluate((html, t) => html.setAttribute('data-theme', t), theme);
    const axe = await new AxeBuilder({ page: app }).include('.evidence-page').analyze();
    expect(axe.violations.map((v) => `${theme} ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  }
  await again.getByRole('button', { name: 'Open “Q1 access review”' }).click();
  await expect(app.getByRole('form', { name: 'Add evidence' })).toHaveCount(0);
  await expect(detail.getByRole('heading', { name: 'Q1 access review' })).toBeVisible();
  await expect(app.getByRole('list', { name: 'Evidence' }).getByRole('listitem')).toHaveCount(1);
});

test('linked controls name their framework, Link buttons keep one line, and the matches stay above the preview', async ({
  app,
}) => {
  await app.setViewportSize({ width: 1100, height: 800 });
  await app.evaluate(async () => {
    const api = (globalThis as unknown as AppWindow).complyflow;
    await api.frameworks.importShipped({ name: 'nist-800-53r5-low', jobId: 'low' });
    await api.frameworks.importShipped({ name: 'nist-800-53r5-moderate', jobId: 'moderate' });
  });
  await openEvidence(app);
  await app.getByLabel('Choose evidence files').setInputFiles({ name: 'accounts.csv', mimeType: 'text/csv', buffer: csv });
  await app.getByRole('form', { name: 'Add evidence' }).getByLabel('Title').fill('Account list');
  await app.getByRole('form', { name: 'Add evidence' }).getByRole('button', { name: 'Add evidence' }).click();
  const linked = app.getByRole('region', { name: 'Linked controls' });
  await expect(linked).toContainText('Not linked to any control yet.');
  await expect(linked.getByRole('list', { name: 'Matching controls' })).toHaveCount(0); // nothing typed, nothing listed

  const find = linked.getByLabel('Find a control to link');
  await find.fill('AC-2');
  const matches = linked.getByRole('list', { name: 'Matching controls' });
  const low = matches.getByRole('button', { name: /^Link AC-2 Account Management \(.*LOW.*\)$/ });
  const moderate = matches.getByRole('button', { name: /^Link AC-2 Account Management \(.*MODERATE.*\)$/ });
  await expect(low).toBeVisible();
  await expect(moderate).toBeVisible();
  await low.click();
  await moderate.click();
  const items = linked.getByRole('list').first().getByRole('listitem');
  await expect(items).toHaveCount(2);
  await expect(items.nth(0)).toContainText(/AC-2 Account Management · NIST .*(LOW|MODERATE)/);
  await expect(items.filter({ hasText: 'LOW' })).toHaveCount(1);
  await expect(items.filter({ hasText: 'MODERATE' })).toHaveCount(1);

  // Long titles wrap beside the button; "Link" stays on one line at its natural width.
  await find.fill('account');
  const first = matches.getByRole('button').first();
  await expect(first).toBeVisible();
  // Polled: the list re-renders as the search answers, and a replaced button has no rects.
  await expect
    .poll(() =>
      first.evaluate((el) => {
        // One client rect per line the word "Link" takes: wrapped letter by letter it would be four.
        const range = el.ownerDocument.createRange();
        range.selectNodeContents(el);
        return {
          lines: new Set(Array.from(range.getClientRects(), (r) => Math.round(r.top))).size,
          overflow: el.scrollWidth > el.clientWidth,
        };
      }),
    )
    .toEqual({ lines: 1, overflow: false });
  const listBox = (await matches.boundingBox())!;
  expect(listBox.height).toBeLessThanOrEqual(220);
  // With the search box cleared the list goes, and the preview follows the box directly.
  await find.fill('');
  await expect(matches).toHaveCount(0);
  const gap = await app.evaluate(() => {
    const doc = (globalThis as unknown as { document: { querySelector(s: string): { getBoundingClientRect(): DOMRect } } })
      .document;
    return (
      doc.querySelector('section[aria-label="Preview"]').getBoundingClientRect().top -
      doc.querySelector('.control-picker').getBoundingClientRect().bottom
    );
  });
  expect(gap).toBeLessThan(80);
});
