import AxeBuilder from '@axe-core/playwright';
import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ComplyflowApi } from '../../src-shared/api';
import { expect, test } from './fixtures';

const FIXTURES = path.resolve(__dirname, '../fixtures/oscal');

test('add the LOW baseline in one click, set a control implemented, and it survives a restart', async ({ app, host }) => {
  await app.getByRole('link', { name: 'Frameworks' }).click();
  await app.getByRole('button', { name: /^Add NIST SP 800-53 rev5 LOW baseline/ }).click();

  // Progress finishes and the framework is listed with its control count.
  await expect(
    app
      .getByRole('region', { name: 'Add a NIST baseline' })
      .getByRole('status')
      .filter({ hasText: 'Imported NIST SP 800-53 rev5 LOW baseline: 149 controls.' }),
  ).toBeVisible();
  await expect(app.getByLabel('Import progress')).toHaveAttribute('value', '149');
  await expect(app.getByLabel('Import progress')).toHaveAttribute('max', '149');
  const card = app
    .getByRole('list', { name: 'Imported frameworks' })
    .getByRole('button', { name: /^LOW · NIST Special Publication 800-53 Revision 5\.1\.1: 149 controls, 0% ready/ });
  await expect(card).toBeVisible();
  await expect(card).toContainText('0 of 149 applicable controls ready');

  const list = app.getByRole('listbox', { name: 'Controls' });
  await expect(app.getByText('149 controls', { exact: true })).toBeVisible();
  await app.getByLabel('Search controls').fill('account management');
  const ac2 = list.getByRole('option', { name: /^AC-2 Account Management/ });
  await ac2.click();
  const detail = app.getByRole('article');
  await expect(detail.getByRole('heading', { name: 'AC-2 Account Management' })).toBeVisible();
  await expect(detail).toContainText(
    'Require [Assignment: organization-defined prerequisites and criteria] for group and role membership;',
  );

  // Arrow keys move in the list.
  await list.focus();
  await app.keyboard.press('ArrowDown');
  await expect(list.getByRole('option', { selected: true })).not.toHaveText(/^AC-2 Account Management/);
  await app.keyboard.press('ArrowUp');
  await expect(list.getByRole('option', { selected: true })).toContainText('AC-2 Account Management');

  // The page, with a control open, passes an automated accessibility check in both themes.
  for (const theme of ['light', 'dark']) {
    await app.evaluate(`document.documentElement.dataset.theme = ${JSON.stringify(theme)}`);
    const axe = await new AxeBuilder({ page: app }).include('.frameworks-page').analyze();
    expect(axe.violations.map((v) => `${theme} ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  }

  const form = app.getByRole('form', { name: 'Control status' });
  await form.getByLabel('Status').selectOption({ label: 'Implemented' });
  await form.getByLabel('Owner').fill('Dana Reyes');
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(form.getByText(/^Saved /)).toBeVisible();
  await expect(list.getByRole('option', { name: /^AC-2 Account Management/ })).toContainText('Implemented');

  await host.restart();
  await app.goto(host.url);
  await app.getByRole('link', { name: 'Frameworks' }).click();
  await app
    .getByRole('list', { name: 'Imported frameworks' })
    .getByRole('button', { name: /^LOW · NIST Special Publication/ })
    .click();
  await app.getByRole('search').getByLabel('Status').selectOption({ label: 'Implemented' });
  await expect(app.getByRole('listbox', { name: 'Controls' }).getByRole('option')).toHaveCount(1);
  await app
    .getByRole('listbox', { name: 'Controls' })
    .getByRole('option', { name: /^AC-2 Account Management/ })
    .click();
  await expect(app.getByRole('form', { name: 'Control status' }).getByLabel('Status')).toHaveValue('implemented');
  await expect(app.getByRole('form', { name: 'Control status' }).getByLabel('Owner')).toHaveValue('Dana Reyes');

  // Other pages link to a control as #/frameworks/<controlId>.
  const db = new Database(path.join(host.dataDir, 'workspaces/local/replica.sqlite3'), { readonly: true });
  const { id } = db.prepare("SELECT id FROM controls WHERE control_key = 'ac-3'").get() as { id: string };
  db.close();
  await app.evaluate(`window.location.hash = '#/frameworks/${id}'`);
  await expect(app.getByRole('article').getByRole('heading', { name: 'AC-3 Access Enforcement' })).toBeVisible();
});

test('not applicable without a justification is refused with a message; with one it saves', async ({ app }) => {
  await app.getByRole('link', { name: 'Frameworks' }).click();
  await app.getByRole('button', { name: /^Add NIST SP 800-53 rev5 PRIVACY baseline/ }).click();
  await expect(
    app
      .getByRole('region', { name: 'Add a NIST baseline' })
      .getByRole('status')
      .filter({ hasText: /Imported .*PRIVACY baseline: 102 controls\./ }),
  ).toBeVisible();
  await app.getByRole('listbox', { name: 'Controls' }).getByRole('option').first().click();
  const form = app.getByRole('form', { name: 'Control status' });
  await form.getByLabel('Status').selectOption({ label: 'Not applicable' });
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(form.getByRole('alert')).toContainText('needs a justification');
  await form.getByLabel(/^Justification/).fill('We process no personal data in this system.');
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(form.getByText(/^Saved /)).toBeVisible();
  await expect(form.getByRole('alert')).toHaveCount(0);
});

test('a malformed catalog chosen with the picker is refused naming the JSON path; a good one imports', async ({ app }) => {
  await app.getByRole('link', { name: 'Frameworks' }).click();
  await app.getByLabel('Import OSCAL file…').setInputFiles(path.join(FIXTURES, 'deep-wrong-type.json'));
  await expect(app.getByRole('alert')).toContainText('catalog.groups[0].controls[1].controls[0].parts[0].prose');
  await expect(app.getByText('No framework yet.')).toBeVisible();

  await app.getByLabel('Import OSCAL file…').setInputFiles(path.join(FIXTURES, 'tiny-catalog.json'));
  await expect(
    app
      .getByRole('region', { name: 'Add a NIST baseline' })
      .getByRole('status')
      .filter({ hasText: 'Imported tiny-catalog.json: 7 controls.' }),
  ).toBeVisible();
  await expect(
    app.getByRole('list', { name: 'Imported frameworks' }).getByRole('button', { name: /Tiny Test Catalog: 7 controls/ }),
  ).toBeVisible();

  // Drag and drop works too: dropping a malformed file names its problem.
  const missing = readFileSync(path.join(FIXTURES, 'control-without-id.json'), 'utf8');
  // (Evaluated in the page, which has DataTransfer and File; this file is compiled without DOM types.)
  const dataTransfer = await app.evaluateHandle(
    `(() => { const dt = new DataTransfer(); dt.items.add(new File([${JSON.stringify(missing)}], 'dropped.json', { type: 'application/json' })); return dt; })()`,
  );
  await app.getByRole('region', { name: 'Add a NIST baseline' }).dispatchEvent('drop', { dataTransfer });
  await expect(app.getByRole('alert')).toContainText('catalog.groups[0].controls[1].id');
});

test('unsaved control edits ask before switching; the open framework comes back and fills the window', async ({ app }) => {
  await app.setViewportSize({ width: 1280, height: 800 });
  await app.evaluate(() =>
    (globalThis as unknown as { complyflow: ComplyflowApi }).complyflow.frameworks.importShipped({
      name: 'nist-800-53r5-low',
      jobId: 'e2e-low',
    }),
  );
  await app.getByRole('link', { name: 'Frameworks' }).click();
  // The only framework opens by itself: its controls show without a click.
  const list = app.getByRole('listbox', { name: 'Controls' });
  await list.getByRole('option', { name: /^AC-1 Policy and Procedures/ }).click();
  const form = app.getByRole('form', { name: 'Control status' });
  await form.getByLabel('Notes').fill('Reviewed yearly by the CISO.');

  // Another control in the list: the user is asked, and staying keeps the notes.
  let asked = '';
  app.once('dialog', (d) => {
    asked = d.message();
    void d.dismiss();
  });
  await list.getByRole('option', { name: /^AC-2 Account Management/ }).click();
  await expect.poll(() => asked).toContain('the control “AC-1”');
  await expect(app.getByRole('article').getByRole('heading', { name: 'AC-1 Policy and Procedures' })).toBeVisible();
  await expect(form.getByLabel('Notes')).toHaveValue('Reviewed yearly by the CISO.');
  await expect(list.getByRole('option', { selected: true })).toContainText('AC-1');

  // Another page: asked too; staying keeps everything.
  app.once('dialog', (d) => void d.dismiss());
  await app.getByRole('link', { name: 'Evidence' }).click();
  await expect(form.getByLabel('Notes')).toHaveValue('Reviewed yearly by the CISO.');
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(form.getByText(/^Saved /)).toBeVisible();

  // The history of the control shows the change.
  await app.getByRole('article').getByText('History', { exact: true }).click();
  await expect(app.getByRole('region', { name: 'Audit trail' })).toContainText('Reviewed yearly by the CISO.');

  // Leaving and coming back: the same framework and control are open.
  await app.getByRole('link', { name: 'Dashboard' }).click();
  await app.getByRole('link', { name: 'Frameworks' }).click();
  await expect(list).toBeVisible();
  await expect(app.getByRole('article').getByRole('heading', { name: 'AC-1 Policy and Procedures' })).toBeVisible();

  // The control list and the detail fit the window: they scroll, the page does not.
  const fits = await app.evaluate(() => {
    const doc = globalThis as unknown as {
      document: {
        querySelector(s: string): {
          scrollHeight: number;
          clientHeight: number;
          scrollWidth: number;
          clientWidth: number;
          getBoundingClientRect(): { bottom: number };
        };
      };
      innerHeight: number;
    };
    const content = doc.document.querySelector('.content');
    const listBox = doc.document.querySelector('.control-list');
    return {
      pageScrolls: content.scrollHeight > content.clientHeight + 1 || content.scrollWidth > content.clientWidth + 1,
      listInView: listBox.getBoundingClientRect().bottom <= doc.innerHeight,
      listScrolls: listBox.scrollHeight > listBox.clientHeight,
    };
  });
  expect(fits).toEqual({ pageScrolls: false, listInView: true, listScrolls: true });
  for (const theme of ['light', 'dark']) {
    await app.evaluate(`document.documentElement.dataset.theme = ${JSON.stringify(theme)}`);
    await app.screenshot({ path: test.info().outputPath(`frameworks-${theme}.png`) });
  }
});
