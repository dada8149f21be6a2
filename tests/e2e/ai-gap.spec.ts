/**
 * Gap analysis in Chromium against `npm run dev:stack` with the functions served by real Deno and
 * the OpenAI stand-in scripted over HTTP: results grouped with their sentences, the made-up id
 * counted and never shown, the button saying it needs a connection offline, and Settings → AI
 * usage counting the request for the owner, who edits a quota; axe-clean.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from './dev-stack-fixtures';
import { expectSynced, nav, signInToDemo, statusBar } from './sync-steps';

test.use({ devStackFunctions: true });

async function axe(page: Page, selector: string, what: string) {
  const result = await new AxeBuilder({ page }).include(selector).analyze();
  expect(result.violations.map((v) => `${what} ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

test('a policy’s gap analysis shows grouped findings, drops a made-up id, and needs a connection offline', async ({
  page,
  orgHost,
  devStack,
}) => {
  const standIn = devStack.openaiUrl.replace(/\/v1$/, '');
  await fetch(`${standIn}/__stand-in/reset`, { method: 'POST' });
  await fetch(`${standIn}/__stand-in/script`, {
    method: 'POST',
    body: JSON.stringify({
      reply: {
        json: {
          findings: [
            {
              control_id: 'ac-1',
              status: 'addresses',
              sentence: 'Access is granted on least privilege and reviewed yearly.',
              explanation: 'The policy states its access rule.',
            },
            { control_id: 'ac-2', status: 'misses', sentence: null, explanation: 'Nothing on account management.' },
            { control_id: 'ia-77', status: 'partly', sentence: 'Passwords are strong.', explanation: 'Invented control.' },
          ],
        },
      },
    }),
  });

  await page.goto(orgHost.url);
  await signInToDemo(page, devStack.user('owner'));
  await expectSynced(page);
  await nav(page, 'Policies');
  await page
    .getByRole('listbox', { name: 'Policies' })
    .getByRole('option', { name: /Access Control Policy/ })
    .click();
  await page.getByRole('tab', { name: 'Gap analysis' }).click();
  await expect(page.getByLabel('Framework')).toContainText('NIST SP 800-53 Rev 5 LOW');
  await page.getByRole('button', { name: 'Analyse gaps with AI' }).click();

  const results = page.getByRole('region', { name: 'Gap analysis results' });
  await expect(results.getByText('1 made-up control id was dropped.')).toBeVisible({ timeout: 30_000 });
  await expect(results.getByRole('heading', { name: 'Addressed (1)' })).toBeVisible();
  await expect(results.getByRole('heading', { name: 'Missed (1)' })).toBeVisible();
  await expect(results.getByText('“Access is granted on least privilege and reviewed yearly.”')).toBeVisible();
  await expect(results).not.toContainText('ia-77');
  await expect(results).not.toContainText('Passwords are strong');
  await axe(page, '.gap-analysis', 'results');
  const calls = (await (await fetch(`${standIn}/__stand-in/calls`)).json()) as { status: number }[];
  expect(calls.map((c) => c.status)).toEqual([200]);

  await devStack.network(false);
  await expect(page.getByRole('button', { name: 'Gap analysis needs a connection' })).toBeDisabled({ timeout: 30_000 });
  await devStack.network(true);
  await expect(statusBar(page).getByTestId('network-state')).toHaveText('Online', { timeout: 30_000 });
  await expect(page.getByRole('button', { name: 'Analyse gaps with AI' })).toBeEnabled();

  await nav(page, 'Settings');
  const usage = page.getByRole('table', { name: 'AI usage per month' });
  await expect(usage.getByRole('row').nth(1)).toContainText('AI (tokens)');
  await expect(usage.getByRole('row').nth(1).getByRole('cell').nth(2)).toHaveText('1');
  const quota = page.getByRole('form', { name: 'AI (tokens) quota' });
  await quota.getByLabel('Requests per person per hour').fill('5000');
  await quota.getByRole('button', { name: 'Save AI quota' }).click();
  await expect(quota.getByRole('alert')).toContainText("a person's limit cannot be above the organization's");
  await quota.getByLabel('Requests per person per hour').fill('30');
  await quota.getByRole('button', { name: 'Save AI quota' }).click();
  await expect(page.getByRole('form', { name: 'AI (tokens) quota' }).getByLabel('Requests per person per hour')).toHaveValue(
    '30',
  );
  await expect(page.getByRole('form', { name: 'AI (tokens) quota' }).getByRole('heading')).not.toContainText('defaults');
  await axe(page, '.ai-usage', 'AI usage');
});
