/**
 * Several baselines of one catalog, as a compliance officer meets them: the list tells LOW,
 * MODERATE and HIGH apart and uses the window's height; a framework is archived (asked first)
 * and restored; HIGH is one click; AC-2 set in MODERATE is AC-2 in LOW ("Shared with …");
 * parameter values render into the statement; each control says what it lacks to be ready.
 */
import AxeBuilder from '@axe-core/playwright';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import type { ComplyflowApi } from '../../src-shared/api';
import { expect, test } from './fixtures';

const FAMILY = 'NIST Special Publication 800-53 Revision 5.1.1';
const SHOTS = process.env.COMPLYFLOW_SHOTS_DIR;

async function importShipped(app: Page, names: string[]) {
  for (const name of names) {
    await app.evaluate(
      (n) => (globalThis as unknown as { complyflow: ComplyflowApi }).complyflow.frameworks.importShipped({ name: n as never }),
      name,
    );
  }
}

async function axeClean(app: Page, selector: string) {
  for (const theme of ['light', 'dark']) {
    await app.evaluate(`document.documentElement.dataset.theme = ${JSON.stringify(theme)}`);
    const axe = await new AxeBuilder({ page: app }).include(selector).analyze();
    expect(axe.violations.map((v) => `${theme} ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  }
}

/** Every object in a `controls` array under catalog.groups / catalog.controls, walked here. */
function countControls(file: string): number {
  const json = JSON.parse(readFileSync(file, 'utf8')) as { catalog: { controls?: unknown; groups?: unknown } };
  const controls = (list: unknown): number =>
    Array.isArray(list) ? list.reduce((n: number, c: { controls?: unknown }) => n + 1 + controls(c.controls), 0) : 0;
  const groups = (list: unknown): number =>
    Array.isArray(list)
      ? list.reduce((n: number, g: { controls?: unknown; groups?: unknown }) => n + controls(g.controls) + groups(g.groups), 0)
      : 0;
  return controls(json.catalog.controls) + groups(json.catalog.groups);
}

test('three baselines read apart in a list that uses the height; archive asks, hides, and restores', async ({ app }) => {
  await app.setViewportSize({ width: 1280, height: 800 });
  await importShipped(app, ['nist-800-53r5-low', 'nist-800-53r5-moderate', 'nist-800-53r5-privacy']);
  await app.getByRole('link', { name: 'Frameworks' }).click();
  const list = app.getByRole('list', { name: 'Imported frameworks' });
  const card = (baseline: string) => list.getByRole('button', { name: new RegExp(`^${baseline} · ${FAMILY}`) });
  for (const baseline of ['LOW', 'MODERATE', 'PRIVACY']) await expect(card(baseline)).toBeVisible();
  await expect(app.getByRole('listbox', { name: 'Controls' })).toBeVisible();

  // The baselines are not cut off and the three cards sit in view, one under the other.
  const boxes = await Promise.all(['LOW', 'MODERATE', 'PRIVACY'].map((b) => card(b).boundingBox()));
  for (const box of boxes) expect(box!.y + box!.height).toBeLessThanOrEqual(800);
  expect(boxes[1]!.y).toBeGreaterThan(boxes[0]!.y + boxes[0]!.height - 1);
  expect(boxes[2]!.y).toBeGreaterThan(boxes[1]!.y + boxes[1]!.height - 1);
  for (const baseline of ['LOW', 'MODERATE', 'PRIVACY']) {
    const text = card(baseline).locator('.framework-baseline');
    await expect(text).toHaveText(baseline);
    expect(await text.evaluate((el) => el.scrollWidth <= el.clientWidth + 1)).toBe(true);
  }
  if (SHOTS) await app.screenshot({ path: path.join(SHOTS, 'daily-b-framework-list-after.png') });

  // Archive asks first; cancelling changes nothing.
  await list.getByRole('button', { name: `Archive MODERATE · ${FAMILY}` }).click();
  const dialog = app.getByRole('dialog', { name: `Archive MODERATE · ${FAMILY}?` });
  await expect(dialog).toContainText('Nothing is deleted');
  await axeClean(app, '.confirm-dialog');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(card('MODERATE')).toBeVisible();

  await list.getByRole('button', { name: `Archive MODERATE · ${FAMILY}` }).click();
  await dialog.getByRole('button', { name: 'Archive' }).click();
  await expect(card('MODERATE')).toHaveCount(0);
  await expect(list.getByRole('button', { name: /^[A-Z]+ · NIST/ })).toHaveCount(2);
  const toggle = app.getByRole('checkbox', { name: 'Show archived (1)' });
  await toggle.check();
  const archived = list.getByRole('button', { name: new RegExp(`^MODERATE · ${FAMILY} \\(archived\\)`) });
  await expect(archived).toBeVisible();
  await axeClean(app, '.frameworks-page');
  await list.getByRole('button', { name: `Restore MODERATE · ${FAMILY}` }).click();
  await expect(card('MODERATE')).toHaveAccessibleName(new RegExp(`^MODERATE · ${FAMILY}: `));
  // Turning it off with nothing archived left: the toggle goes away.
  await app.getByRole('checkbox', { name: 'Show archived (0)' }).click();
  await expect(list.getByRole('button', { name: /^[A-Z]+ · NIST/ })).toHaveCount(3);
  await expect(app.getByRole('checkbox', { name: /Show archived/ })).toHaveCount(0);
});

test('the HIGH baseline is one click, with its catalog control count', async ({ app }) => {
  const expected = countControls(
    path.resolve(__dirname, '../../resources/frameworks/NIST_SP-800-53_rev5_HIGH-baseline-resolved-profile_catalog-min.json'),
  );
  await app.getByRole('link', { name: 'Frameworks' }).click();
  await app.getByRole('button', { name: /^Add NIST SP 800-53 rev5 HIGH baseline/ }).click();
  await expect(
    app
      .getByRole('region', { name: 'Add a NIST baseline' })
      .getByRole('status')
      .filter({ hasText: `Imported NIST SP 800-53 rev5 HIGH baseline: ${expected} controls.` }),
  ).toBeVisible();
  await expect(
    app
      .getByRole('list', { name: 'Imported frameworks' })
      .getByRole('button', { name: `HIGH · ${FAMILY}: ${expected} controls, 0% ready` }),
  ).toBeVisible();
});

test('AC-2 set in MODERATE is AC-2 in LOW, and the page says it is shared', async ({ app }) => {
  await importShipped(app, ['nist-800-53r5-low', 'nist-800-53r5-moderate']);
  await app.getByRole('link', { name: 'Frameworks' }).click();
  const list = app.getByRole('list', { name: 'Imported frameworks' });
  const controls = app.getByRole('listbox', { name: 'Controls' });
  const detail = app.getByRole('article');
  const form = app.getByRole('form', { name: 'Control status' });

  await list.getByRole('button', { name: new RegExp(`^MODERATE · `) }).click();
  await app.getByLabel('Search controls').fill('account management');
  await controls.getByRole('option', { name: /^AC-2 Account Management/ }).click();
  await expect(detail.getByRole('note')).toHaveText(
    `Shared with LOW · ${FAMILY}: status, owner, notes, parameter values and evidence are one implementation, the same in each.`,
  );
  await form.getByLabel('Status').selectOption({ label: 'Implemented' });
  await form.getByLabel('Owner').fill('Dana Reyes');
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(form.getByText(/^Saved /)).toBeVisible();

  // Following the link in the note opens AC-2 of LOW, already implemented by Dana.
  await detail
    .getByRole('note')
    .getByRole('link', { name: `LOW · ${FAMILY}` })
    .click();
  await expect(list.getByRole('button', { name: /^LOW · / })).toHaveAttribute('aria-pressed', 'true');
  await expect(detail.getByRole('heading', { name: 'AC-2 Account Management' })).toBeVisible();
  await expect(form.getByLabel('Status')).toHaveValue('implemented');
  await expect(form.getByLabel('Owner')).toHaveValue('Dana Reyes');
  await expect(detail.getByRole('note')).toContainText(`Shared with MODERATE · ${FAMILY}`);
  await expect(list.getByRole('button', { name: /^LOW · / })).toContainText('1 implemented');
  if (SHOTS) await app.screenshot({ path: path.join(SHOTS, 'daily-b-control-shared.png') });
  await axeClean(app, '.frameworks-page');
});

test('a parameter value shows in the statement, the catalog wording on demand; readiness says what is missing', async ({
  app,
}) => {
  await importShipped(app, ['nist-800-53r5-low']);
  await app.getByRole('link', { name: 'Frameworks' }).click();
  await app.getByLabel('Search controls').fill('account management');
  await app
    .getByRole('listbox', { name: 'Controls' })
    .getByRole('option', { name: /^AC-2 Account Management/ })
    .click();
  const detail = app.getByRole('article');
  const form = app.getByRole('form', { name: 'Control status' });

  const readiness = detail.getByRole('region', { name: 'Readiness' });
  await expect(readiness.getByRole('listitem')).toHaveText([
    'Status is Not started: mark it Implemented once it is in place.',
    'No evidence is linked: link a current evidence item that shows it operates.',
  ]);
  await app.getByText('What counts as ready?').click();
  await expect(app.getByText(/A control is ready when it is implemented and at least one current/)).toBeVisible();

  await form
    .getByRole('group', { name: 'Organization-defined parameters' })
    .getByLabel(/^prerequisites and criteria/)
    .fill('manager approval and completed security training');
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(form.getByText(/^Saved /)).toBeVisible();
  const statement = detail.getByLabel('Statement with your values');
  await expect(statement).toContainText(
    'c. Require manager approval and completed security training for group and role membership;',
  );
  await expect(statement).not.toContainText('[Assignment: organization-defined prerequisites and criteria]');
  await detail.getByRole('button', { name: 'Show the catalog’s wording' }).click();
  await expect(detail.getByLabel('Statement as the catalog words it')).toContainText(
    'c. Require [Assignment: organization-defined prerequisites and criteria] for group and role membership;',
  );

  await form.getByLabel('Status').selectOption({ label: 'Implemented' });
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(readiness.getByRole('listitem')).toHaveText([
    'No evidence is linked: link a current evidence item that shows it operates.',
  ]);
  await axeClean(app, '.frameworks-page');
});
