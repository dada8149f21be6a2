/**
 * Files into the app without base64, in Chromium through the browser host: the form streams the
 * picked file to the host's upload endpoint and shows the SHA-256 the core computed before the
 * record exists; "Replace file…" gives the record a new version whose trail keeps the old
 * SHA-256; the endpoint refuses, in words, a request without the tab's token and a body longer
 * than the one announced.
 */
import { createHash } from 'node:crypto';
import type { Page } from '@playwright/test';
import type { ComplyflowApi } from '../../src-shared/api';
import { expect, test } from './fixtures';

type AppWindow = { complyflow: ComplyflowApi; sessionStorage: { getItem(key: string): string | null } };
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

async function openEvidence(app: Page) {
  await app.getByRole('link', { name: 'Evidence' }).click();
  await expect(app.getByRole('heading', { name: 'Evidence', level: 1 })).toBeVisible();
}

test('the picked file is streamed in and shows its SHA-256 before adding; a new version replaces it, the trail keeps both', async ({
  app,
  host,
}) => {
  await openEvidence(app);
  const first = Buffer.from('user,role\nana,admin\nbo,viewer\n');
  await app.getByLabel('Choose evidence files').setInputFiles({ name: 'q1 access.csv', mimeType: 'text/csv', buffer: first });
  const form = app.getByRole('form', { name: 'Add evidence' });
  await expect(form.getByTestId('staged-sha256')).toHaveText(sha256(first));
  await expect(form.getByTestId('staged-file')).toContainText('bytes');
  await form.getByLabel('Title').fill('Q1 access review');
  await form.getByRole('button', { name: 'Add evidence' }).click();
  const detail = app.getByRole('form', { name: 'Evidence details' });
  await expect(detail.getByTestId('evidence-sha256')).toHaveText(sha256(first));

  const second = Buffer.from('user,role\nana,admin\n');
  await app
    .getByLabel('Choose a new version of q1 access.csv')
    .setInputFiles({ name: 'q1 final.csv', mimeType: 'text/csv', buffer: second });
  const version = app.getByRole('region', { name: 'New version of the file' });
  await expect(version.getByRole('status')).toHaveText(
    `Replaced with “q1 final.csv” (SHA-256 ${sha256(second)}). The previous file stays in the record’s history.`,
  );
  await expect(detail.getByTestId('evidence-sha256')).toHaveText(sha256(second));
  const changes = await app.evaluate(async () => {
    const api = (globalThis as unknown as AppWindow).complyflow;
    const list = await api.evidence.list({});
    if (!list.ok) throw new Error(list.error.message);
    const trail = await api.trail.forRecord({ table: 'evidence', id: list.value.items[0].id });
    if (!trail.ok) throw new Error(trail.error.message);
    return trail.value.events[0].changes.filter((c) => c.field === 'sha256');
  });
  expect(changes).toEqual([{ field: 'sha256', before: sha256(first), after: sha256(second) }]);
  // Nothing was written outside the workspace, and no staged copy waits any more.
  const { readdirSync, existsSync } = await import('node:fs');
  // The app's own settings files sit beside the workspaces; nothing else may appear there.
  expect(readdirSync(host.dataDir).sort()).toEqual(['browser-host.json', 'update-settings.json', 'workspaces']);
  const staged = `${host.dataDir}/workspaces/local/blobs/staged`;
  expect(existsSync(staged) ? readdirSync(staged) : []).toEqual([]);
});

test('a large file shows its copy progress while it is staged, then its SHA-256', async ({ app }) => {
  await openEvidence(app);
  // A slow link, so the copy takes a few seconds and its progress is seen (Chromium's own throttling).
  const cdp = await app.context().newCDPSession(app);
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: 0,
    downloadThroughput: -1,
    uploadThroughput: 1024 * 1024,
  });
  const bytes = Buffer.alloc(4 * 1024 * 1024, 0x61);
  await app.getByLabel('Choose evidence files').setInputFiles({ name: 'walkthrough.txt', mimeType: 'text/plain', buffer: bytes });
  const form = app.getByRole('form', { name: 'Add evidence' });
  const bar = form.getByRole('progressbar', { name: 'Copying the file' });
  await expect(bar).toBeVisible();
  await expect(form.getByRole('status')).toContainText(/Copying into ComplyFlow… [\d.]+ (bytes|KB|MB) of 4 MB/);
  await expect(form.getByTestId('staged-sha256')).toHaveText(sha256(bytes), { timeout: 30_000 });
  await expect(bar).toHaveCount(0);
  await cdp.detach();
});

test('the upload endpoint refuses a request without the tab’s token and a body longer than announced, in words', async ({
  app,
}) => {
  const answers = await app.evaluate(async () => {
    const page = globalThis as unknown as AppWindow;
    const ticket = await page.complyflow.evidence.beginUpload({ fileName: 'notes.txt', sizeBytes: 5 });
    if (!ticket.ok) throw new Error(ticket.error.message);
    const send = async (body: string, token: string | null) => {
      const r = await fetch(ticket.value.uploadPath, {
        method: 'PUT',
        body,
        headers: token === null ? {} : { authorization: `Bearer ${token}` },
      });
      return { status: r.status, body: (await r.json()) as unknown };
    };
    const token = page.sessionStorage.getItem('complyflow.hostToken');
    return { noToken: await send('hello', null), tooLong: await send('hello!', token), right: await send('hello', token) };
  });
  expect(answers.noToken).toEqual({
    status: 403,
    body: { error: { code: 'FORBIDDEN', message: 'This upload does not carry the app’s session token.' } },
  });
  expect(answers.tooLong).toEqual({
    status: 400,
    body: { error: { code: 'INVALID_INPUT', message: 'The upload says it is 6 bytes, but “notes.txt” was announced as 5.' } },
  });
  expect(answers.right).toMatchObject({
    status: 201,
    body: { fileName: 'notes.txt', sizeBytes: 5, sha256: sha256(Buffer.from('hello')) },
  });
});
