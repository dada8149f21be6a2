/**
 * Long lists jump: the scroll area is sized from the total, and dragging to the middle or
 * pressing End shows the rows at that offset after loading only the pages there, not every
 * page before them (10,000 evidence items = 100 pages; 1,000 controls = 5 pages).
 */
import type { Page } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import { createCore } from '../../src-main/core/core';
import { LOCAL_ORG_ID } from '../../src-shared/domain/common';
import { seedFramework } from '../unit/core/dashboard/seed';
import { expect, test } from './fixtures';

const N_EVIDENCE = 10_000;
const N_CONTROLS = 1_000;
const pad = (i: number) => String(i).padStart(5, '0');

/**
 * The offsets of the list calls the page sends for one namespace over the browser host's
 * WebSocket, from a reload on (the socket opened before the listener is not seen).
 */
async function listCallOffsets(page: Page, ns: string) {
  const offsets: number[] = [];
  page.on('websocket', (ws) =>
    ws.on('framesent', ({ payload }) => {
      const message = JSON.parse(String(payload)) as { ns?: string; method?: string; input?: { offset?: number } };
      if (message.ns === ns && message.method === 'list') offsets.push(message.input?.offset ?? 0);
    }),
  );
  await page.reload();
  await expect(page.getByTestId('workspace-name')).toHaveText('Local workspace');
  return offsets;
}

test.beforeEach(async ({ host }) => {
  // Written straight to the replica, newest last: evidence is listed newest first, so row i shows
  // "Evidence <N-1-i>".
  const core = createCore({ dataDir: host.dataDir, log: { error: () => undefined } });
  const insert = core.db.prepare(
    `INSERT INTO evidence (id, org_id, title, sha256, file_name, mime_type, size_bytes, as_of_date, created_at, updated_at, updated_by)
     VALUES (?, ?, ?, ?, ?, 'application/pdf', 100, '2026-01-15', ?, ?, 'local')`,
  );
  core.db.transaction(() => {
    for (let i = 0; i < N_EVIDENCE; i++) {
      const at = new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString();
      insert.run(randomUUID(), LOCAL_ORG_ID, `Evidence ${pad(i)}`, 'a'.repeat(64), `file-${pad(i)}.pdf`, at, at);
    }
  })();
  const fw = seedFramework(core, 'Long framework');
  const control = core.db.prepare(
    `INSERT INTO controls (id, org_id, framework_id, control_key, label, title, sort_key, created_at, updated_at, updated_by)
     VALUES (?, ?, ?, ?, ?, ?, ?, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z', 'local')`,
  );
  core.db.transaction(() => {
    for (let i = 0; i < N_CONTROLS; i++)
      control.run(randomUUID(), LOCAL_ORG_ID, fw, `lc-${i}`, `LC-${pad(i)}`, `Control ${pad(i)}`, pad(i));
  })();
  core.close();
});

test('the evidence list jumps to the middle and to the end, loading only the pages shown', async ({ app }) => {
  const calls = await listCallOffsets(app, 'evidence');
  await app.getByRole('link', { name: 'Evidence' }).click();
  const list = app.getByRole('list', { name: 'Evidence' });
  await expect(app.getByText(`${N_EVIDENCE} items`)).toBeVisible();
  await expect(list.getByRole('button', { name: /^Evidence 09999/ })).toBeVisible();

  // Drag the scrollbar to the middle: the rows around item 5,000 show.
  await app.locator('.evidence-list').evaluate((el) => (el.scrollTop = (el.scrollHeight - el.clientHeight) / 2));
  await expect(list.getByRole('button', { name: new RegExp(`^Evidence 0${N_EVIDENCE / 2 - 1}`) })).toBeVisible();

  // End: the oldest item, the last row of the last page.
  await list.getByRole('button').first().focus();
  await app.keyboard.press('End');
  await expect(list.getByRole('button', { name: /^Evidence 00000/ })).toBeVisible();
  await expect(list.getByText('Loading…')).toHaveCount(0);

  // The first page, the pages around the middle and at the end, and a few that End's smooth
  // scroll passes over: never the 100 pages of the list (nor the 50 before the middle).
  const pages = [...new Set(calls)].sort((a, b) => a - b);
  expect(pages.length, JSON.stringify(pages)).toBeLessThanOrEqual(20);
  expect(
    pages.filter((offset) => offset > 0 && offset < N_EVIDENCE / 2 - 200),
    JSON.stringify(pages),
  ).toEqual([]);
  expect(pages).toContain(0);
  expect(pages.some((offset) => offset >= N_EVIDENCE - 100)).toBe(true);
});

test('End in the control list selects the last control without loading the pages before it', async ({ app }) => {
  const calls = await listCallOffsets(app, 'controls');
  await app.getByRole('link', { name: 'Frameworks' }).click();
  await app
    .getByRole('button', { name: /Long framework/ })
    .first()
    .click();
  const list = app.getByRole('listbox', { name: 'Controls' });
  await expect(app.getByText(`${N_CONTROLS} controls`, { exact: true })).toBeVisible();
  await list.getByRole('option', { name: /LC-00000/ }).click();
  await list.press('End');
  await expect(list.getByRole('option', { name: /LC-00999/ })).toHaveAttribute('aria-selected', 'true');
  // The first page and the last one (200 controls a page), none between.
  expect(calls).toContain(0);
  expect(calls).toContain(N_CONTROLS - 200);
  expect(calls.filter((offset) => offset > 0 && offset < N_CONTROLS - 200)).toEqual([]);
});
