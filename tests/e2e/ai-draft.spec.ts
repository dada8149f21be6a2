/**
 * Draft with AI in Chromium against `npm run dev:stack` with the edge functions (real Deno,
 * signed requests) and the OpenAI stand-in streaming slowly: the draft shows while it arrives,
 * one change of two is accepted, and the saved revision is marked AI-assisted in the history.
 * Offline, the button says it needs a connection.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from './dev-stack-fixtures';
import { expectSynced, nav, signInToDemo } from './sync-steps';

test.use({ devStackFunctions: true });

// The demo policy's body is "# Access Control Policy\n\nAccess is granted on least privilege and
// reviewed yearly." The draft changes the heading (change 1) and rewrites the rest (change 2),
// long enough that the stand-in's paced stream takes a few seconds.
const HEADING = '# Access Control Policy (AI draft)';
const STATEMENT = 'Accounts are reviewed every quarter by their owners [AC-2].';
const DRAFT = `${HEADING}\n\n## Purpose\n\n${'Access is granted on least privilege. '.repeat(30)}\n\n## Statements\n\n- ${STATEMENT}\n`;

test('the draft streams in, one hunk is accepted, and the revision is marked AI-assisted', async ({
  page,
  orgHost,
  devStack,
}) => {
  const openaiUrl = (devStack as typeof devStack & { openaiUrl?: string }).openaiUrl;
  expect(openaiUrl, 'dev:stack names its OpenAI stand-in').toBeTruthy();
  const scripted = await fetch(new URL('../__stand-in/script', `${openaiUrl}/`), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ reply: { content: DRAFT } }),
  });
  expect(scripted.ok).toBe(true);

  await page.goto(orgHost.url);
  await signInToDemo(page, devStack.user('compliance_officer'));
  await expectSynced(page);
  await nav(page, 'Policies');
  await page
    .getByRole('listbox', { name: 'Policies' })
    .getByRole('option', { name: /Access Control Policy/ })
    .click();
  const editor = page.getByRole('form', { name: 'Policy editor' });
  // A plain edit first: the history then holds a revision a person wrote, beside the AI one.
  await editor.getByLabel('Title').fill('Access Control Policy 2026');
  await editor.getByRole('button', { name: 'Save' }).click();
  await expect(editor.getByText(/^Saved /)).toBeVisible();
  await editor.getByRole('button', { name: 'Draft with AI' }).click();

  const dialog = page.getByRole('dialog', { name: 'Draft “Access Control Policy 2026” with AI' });
  await dialog.getByLabel('Find controls').fill('Account');
  const control = dialog.getByRole('checkbox', { name: /AC-2 Account Management/ });
  await control.check();
  await expect(dialog.getByText('Controls the draft must cover (1 chosen)')).toBeVisible();
  await new AxeBuilder({ page })
    .include('.ai-draft-dialog')
    .analyze()
    .then((r) => expect(r.violations).toEqual([]));
  // Keyboard: the Draft button is reached and pressed without the mouse.
  await dialog.getByRole('button', { name: 'Draft', exact: true }).focus();
  await page.keyboard.press('Enter');

  // While it arrives: part of the text is rendered (sanitized markdown), the rest still to come.
  const stream = dialog.getByTestId('ai-draft-stream');
  await expect(stream).toHaveAttribute('aria-busy', 'true');
  await expect(stream.getByRole('heading', { name: 'Access Control Policy (AI draft)' })).toBeVisible();
  await expect(stream.getByText('Drafting…')).toBeVisible();
  await expect(stream).not.toContainText(STATEMENT);

  await expect(dialog.getByText(/^The draft is complete: 2 changes against the current text/)).toBeVisible({ timeout: 30_000 });
  const hunks = dialog.getByTestId('ai-draft-hunk');
  await expect(hunks).toHaveCount(2);
  await expect(hunks.nth(0)).toContainText(HEADING);
  await expect(hunks.nth(1)).toContainText(STATEMENT);
  await dialog.getByRole('checkbox', { name: 'Accept all 2 changes' }).uncheck();
  await dialog.getByRole('checkbox', { name: /^Accept change 1 / }).check();
  await dialog.getByRole('button', { name: 'Save 1 accepted change as a new revision' }).click();
  await expect(dialog).toHaveCount(0);

  // The body has the accepted heading and kept its own text where the change was not accepted.
  const body = editor.getByRole('textbox', { name: 'Policy body' });
  await expect(body).toContainText(HEADING);
  await expect(body).toContainText('Access is granted on least privilege and reviewed yearly.');
  await expect(body).not.toContainText(STATEMENT);

  await editor.getByRole('tab', { name: 'History' }).click();
  const newest = page.getByTestId('revision-row').first();
  await expect(newest).toContainText('AI-assisted');
  await expect(page.getByTestId('revision-row').nth(1)).not.toContainText('AI-assisted');
  await expectSynced(page);

  // Offline: the button says why instead of failing.
  await devStack.network(false);
  await expect(editor.getByRole('button', { name: 'Draft with AI (needs a connection)' })).toBeDisabled({ timeout: 20_000 });
  await devStack.network(true);
});
