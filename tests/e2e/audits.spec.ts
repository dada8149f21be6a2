import AxeBuilder from '@axe-core/playwright';
import Database from 'better-sqlite3';
import path from 'node:path';
import type { ComplyflowApi } from '../../src-shared/api';
import { expect, test } from './fixtures';
import { stageInPage } from './stage-in-page';

/** What the page exposes, for seeding through the app's own API. */
type AppWindow = { complyflow: ComplyflowApi };

const replica = (dataDir: string) => path.join(dataDir, 'workspaces/local/replica.sqlite3');

test('an auditor walks a framework scope by keyboard alone, and results, notes, finding and evidence survive a restart', async ({
  app,
  host,
}) => {
  // The NIST LOW baseline, imported through the same API the Frameworks page's one-click button uses.
  const imported = await app.evaluate(async () => {
    const result = await (globalThis as unknown as AppWindow).complyflow.frameworks.importShipped({
      name: 'nist-800-53r5-low',
      jobId: 'e2e-low',
    });
    return result.ok ? result.value.controls : result.error.message;
  });
  expect(imported).toBe(149);

  await app.getByRole('link', { name: 'Audits' }).click();
  await expect(app.getByText('No audits yet.')).toBeVisible();
  await app.getByRole('button', { name: 'New audit' }).click();
  const dialog = app.getByRole('dialog', { name: 'New audit' });
  await dialog.getByLabel('Audit title').fill('SOC 2 Type II 2026');
  await expect(dialog.getByRole('combobox', { name: 'Framework' })).toContainText('(149 controls)');
  await dialog.getByLabel('Window start').fill('2026-01-01');
  await dialog.getByLabel('Window end').fill('2025-12-31');
  await dialog.getByRole('button', { name: 'Create audit' }).click();
  await expect(dialog.getByRole('alert')).toHaveText('The observation window must start on or before its end.');
  await dialog.getByLabel('Window end').fill('2026-06-30');
  await dialog.getByLabel('Auditors (comma-separated)').fill('Ana Silva, Ben Okafor');
  await dialog.getByRole('button', { name: 'Create audit' }).click();

  const scope = app.getByRole('listbox', { name: 'Controls in scope' });
  await expect(app.getByText('149 controls in scope')).toBeVisible();
  await expect(app.getByRole('heading', { name: 'SOC 2 Type II 2026' })).toBeVisible();
  const options = scope.getByRole('option');
  const firstLabel = (await options.nth(0).locator('.scope-label').textContent()) ?? '';
  const secondLabel = (await options.nth(1).locator('.scope-label').textContent()) ?? '';
  expect(firstLabel).toBe('AC-1');

  // A planned audit takes no results: fieldwork starts first.
  await expect(app.getByRole('radio', { name: 'Pass' })).toBeDisabled();
  await app.getByRole('button', { name: 'Start fieldwork' }).click();
  await expect(app.getByLabel('Audit status')).toHaveValue('fieldwork');
  await expect(app.getByRole('radio', { name: 'Pass' })).toBeEnabled();

  // From here on: keyboard only.
  const announcer = app.getByTestId('fieldwork-announcer');
  await app.keyboard.press('?');
  await expect(app.getByRole('complementary', { name: 'Keyboard' })).toContainText('New finding on this control');
  await app.keyboard.press('?');
  await expect(app.getByRole('complementary', { name: 'Keyboard' })).toHaveCount(0);

  await app.keyboard.press('1');
  await expect(announcer).toHaveText(`${firstLabel} marked Pass`);
  await expect(options.nth(0)).toContainText('Pass');
  await expect(app.getByRole('radio', { name: 'Pass' })).toBeChecked();

  await app.keyboard.press('j');
  await expect(options.nth(1)).toHaveAttribute('aria-selected', 'true');
  await expect(
    app.getByRole('heading', { level: 2, name: new RegExp(`^${secondLabel.replace(/[()]/g, '\\$&')} `) }),
  ).toBeVisible();
  await app.keyboard.press('2');
  await expect(announcer).toHaveText(`${secondLabel} marked Fail`);
  await expect(options.nth(1)).toContainText('Fail');

  await app.keyboard.press('n');
  await expect(app.getByLabel('Test notes')).toBeFocused();
  await app.keyboard.type('Policy not reviewed within the window. 1 2 j k typed here stay text.');
  await app.keyboard.press('Escape'); // leaves the field: notes save on blur
  await expect(scope).toBeFocused();
  await expect(announcer).toHaveText(`Notes saved for ${secondLabel}`);

  await app.keyboard.press('f');
  await expect(app.getByLabel('Finding title')).toBeFocused();
  await app.keyboard.type('Access control policy not reviewed');
  await app.keyboard.press('Tab');
  await expect(app.getByLabel('Severity')).toBeFocused();
  await app.keyboard.press('h'); // type-ahead in the focused select: High
  await expect(app.getByLabel('Severity')).toHaveValue('high');
  await app.keyboard.press('Tab');
  await app.keyboard.type('Dana Reyes');
  await app.keyboard.press('Enter');
  const findings = app.getByRole('list', { name: `Findings on ${secondLabel}` });
  await expect(findings).toContainText('Access control policy not reviewed');
  await expect(findings).toContainText('High');
  await expect(announcer).toHaveText(`Finding “Access control policy not reviewed” (High) raised on ${secondLabel}`);

  await app.keyboard.press('Escape');
  const chooser = app.waitForEvent('filechooser');
  await app.keyboard.press('e');
  await (
    await chooser
  ).setFiles({ name: 'policy-review-log.txt', mimeType: 'text/plain', buffer: Buffer.from('Last reviewed: never\n') });
  await expect(app.getByText(`1 file captured for ${secondLabel} in this audit`)).toBeVisible();
  await expect(options.nth(1)).toContainText('1 finding · 1 evidence');
  await expect(app.getByRole('progressbar', { name: 'Fieldwork progress: 2 of 149 controls tested' })).toBeVisible();

  const db = new Database(replica(host.dataDir), { readonly: true });
  const rows = db
    .prepare('SELECT c.label, r.result, r.notes FROM audit_results r JOIN controls c ON c.id = r.control_id ORDER BY c.sort_key')
    .all();
  const outbox = db.prepare("SELECT count(*) FROM outbox WHERE table_name IN ('audit_results', 'findings')").pluck().get();
  db.close();
  expect(rows).toEqual([
    { label: firstLabel, result: 'pass', notes: '' },
    { label: secondLabel, result: 'fail', notes: 'Policy not reviewed within the window. 1 2 j k typed here stay text.' },
  ]);
  expect(outbox).toBe(4); // two inserts, the notes update, the finding

  await host.restart();
  await app.goto(host.url);
  await app.getByRole('link', { name: 'Audits' }).click();
  const card = app.getByRole('listitem').filter({ hasText: 'SOC 2 Type II 2026' });
  await expect(card).toContainText('Fieldwork');
  await expect(card).toContainText('2/149 tested · 1 failed · 1 open finding');
  await card.getByRole('link', { name: 'SOC 2 Type II 2026' }).click();
  await expect(options.nth(0)).toContainText('Pass');
  await expect(options.nth(1)).toContainText('Fail');
  await app.keyboard.press('ArrowDown');
  await expect(app.getByLabel('Test notes')).toHaveValue('Policy not reviewed within the window. 1 2 j k typed here stay text.');
  await expect(app.getByRole('list', { name: `Findings on ${secondLabel}` })).toContainText('Access control policy not reviewed');
  await expect(app.getByText(`1 file captured for ${secondLabel} in this audit`)).toBeVisible();
});

test('an audit scoped to chosen controls, closed, refuses further results', async ({ app }) => {
  await app.evaluate(() =>
    (globalThis as unknown as AppWindow).complyflow.frameworks.importShipped({ name: 'nist-800-53r5-low', jobId: 'e2e-low' }),
  );
  await app.getByRole('link', { name: 'Audits' }).click();
  await app.getByRole('button', { name: 'New audit' }).click();
  const dialog = app.getByRole('dialog', { name: 'New audit' });
  await dialog.getByLabel('Audit title').fill('Incident response spot check');
  await dialog.getByLabel('Chosen controls').check();
  await dialog.getByLabel('Find controls').fill('incident response training');
  await dialog.getByRole('list', { name: 'Matching controls' }).getByRole('checkbox').first().check();
  await expect(dialog.getByText(/^1 control chosen: IR-/)).toBeVisible();
  await dialog.getByRole('button', { name: 'Create audit' }).click();

  await expect(app.getByText('1 control in scope')).toBeVisible();
  await app.keyboard.press('?');
  await expect(app.getByRole('heading', { name: /^Findings on IR-/ })).toBeVisible();
  // The fieldwork view, with its keyboard help open, passes axe in the light and the dark theme.
  for (const theme of ['light', 'dark']) {
    await app.locator('html').evaluate((html, t) => html.setAttribute('data-theme', t), theme);
    const axe = await new AxeBuilder({ page: app }).include('main').analyze();
    expect(axe.violations.map((v) => `${theme} ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  }
  await app.getByLabel('Audit status').selectOption({ label: 'Closed' });
  await app
    .getByRole('alertdialog', { name: 'Close “Incident response spot check”?' })
    .getByRole('button', { name: 'Close anyway' })
    .click();
  await expect(app.getByText('This audit is closed: its results and findings are read-only.')).toBeVisible();
  await expect(app.getByRole('radio', { name: 'Pass' })).toBeDisabled();
  await app.keyboard.press('Escape');
  await app.keyboard.press('1');
  await expect(app.getByRole('listbox', { name: 'Controls in scope' }).getByRole('option').first()).toContainText('No result');
  await expect(app.getByRole('form', { name: 'New finding' })).toHaveCount(0);
});

test('fieldwork shows how the organisation implements the control; the finding form and scope rows fit at 1280px', async ({
  app,
}) => {
  await app.setViewportSize({ width: 1280, height: 800 });
  const signOff = await stageInPage(app, 'sign-off.txt', 'signed\n');
  const ids = await app.evaluate(async (stagedFileId) => {
    const api = (globalThis as unknown as AppWindow).complyflow;
    const unwrap = <T>(r: { ok: true; value: T } | { ok: false; error: { message: string } }): T => {
      if (!r.ok) throw new Error(r.error.message);
      return r.value;
    };
    const fw = unwrap(await api.frameworks.importShipped({ name: 'nist-800-53r5-low', jobId: 'e2e-low' }));
    const controls = unwrap(await api.controls.list({ frameworkId: fw.frameworkId, query: 'AC-1', limit: 5 }));
    const ac1 = controls.items.find((c) => c.label === 'AC-1')!;
    unwrap(
      await api.controls.update({
        id: ac1.id,
        status: 'implemented',
        owner: 'Dana Reyes',
        notes: 'Policy reviewed every January.',
      }),
    );
    const policy = unwrap(await api.policies.create({ title: 'Access Control Policy', body: '# Access' }));
    unwrap(await api.policies.linkControl({ policyId: policy.id, controlId: ac1.id }));
    const audit = unwrap(
      await api.audits.create({
        title: 'FY26 SOC-style review',
        frameworkId: fw.frameworkId,
        windowStart: '2026-01-01',
        windowEnd: '2026-06-30',
      }),
    );
    unwrap(await api.audits.update({ id: audit.id, status: 'fieldwork' }));
    const evidence = unwrap(
      await api.evidence.add({
        title: 'Access policy sign-off',
        stagedFileId,
        asOfDate: '2020-01-15',
        renewalDays: 90,
        controlIds: [ac1.id],
        auditId: audit.id,
      }),
    );
    return { policy: policy.id, evidence: evidence.id, audit: audit.id };
  }, signOff.id);

  await app.getByRole('link', { name: 'Audits' }).click();
  await app.getByRole('link', { name: 'FY26 SOC-style review' }).click();
  const implementation = app.getByRole('region', { name: 'Implementation' });
  await expect(implementation).toContainText('Implemented');
  await expect(implementation).toContainText('Dana Reyes');
  await expect(implementation).toContainText('Policy reviewed every January.');
  await expect(implementation.getByRole('link', { name: 'Access Control Policy' })).toHaveAttribute(
    'href',
    `#/policies/${ids.policy}`,
  );
  await expect(implementation).toContainText('Draft');
  await expect(implementation.getByRole('link', { name: 'Access policy sign-off' })).toHaveAttribute(
    'href',
    `#/evidence/${ids.evidence}`,
  );
  await expect(implementation).toContainText('as of 15\u00a0Jan\u00a02020');
  await expect(implementation.getByText('Expired', { exact: true })).toBeVisible();

  // A finding with every field filled: the form wraps, "Add finding" stays in view, nothing scrolls sideways.
  await app.keyboard.press('2');
  await app.keyboard.press('f');
  await app.keyboard.type('Admin accounts without MFA');
  await app.getByLabel('Finding owner').fill('Bob IT');
  await app.getByLabel('Due date').fill('2027-01-15');
  const add = app.getByRole('button', { name: 'Add finding' });
  await add.scrollIntoViewIfNeeded();
  const box = (await add.boundingBox())!;
  expect(box.x + box.width).toBeLessThanOrEqual(1280);
  const pane = await app.evaluate(() => {
    const el = (
      globalThis as unknown as { document: { querySelector(s: string): { scrollWidth: number; clientWidth: number } } }
    ).document.querySelector('.fieldwork-split > .detail');
    return el.scrollWidth - el.clientWidth;
  });
  expect(pane).toBeLessThanOrEqual(0);

  // Leaving a half-written finding asks first.
  app.once('dialog', (d) => void d.dismiss());
  await app.getByRole('button', { name: 'All audits' }).click();
  await expect(app.getByLabel('Finding title')).toHaveValue('Admin accounts without MFA');
  await add.click();
  await expect(app.getByRole('list', { name: 'Findings on AC-1' })).toContainText('Admin accounts without MFA');

  // The scope row shows its counts without clipping its text.
  const row = app.getByRole('listbox', { name: 'Controls in scope' }).getByRole('option').first();
  await expect(row).toContainText('1 finding · 1 evidence');
  const clipped = await row.evaluate((el) => {
    type Box = { getBoundingClientRect(): { top: number; bottom: number } };
    const row = el as unknown as Box & { children: ArrayLike<Box> };
    const p = row.getBoundingClientRect();
    return Array.from(row.children).some((child) => {
      const r = child.getBoundingClientRect();
      return r.bottom > p.bottom - 1 || r.top < p.top;
    });
  });
  expect(clipped).toBe(false);

  await implementation.scrollIntoViewIfNeeded();
  await app.screenshot({ path: test.info().outputPath('fieldwork-implementation.png') });

  // The audit's own history.
  await app.getByText('Audit history', { exact: true }).click();
  await expect(app.getByRole('region', { name: 'Audit trail' })).toContainText('Created');

  for (const theme of ['light', 'dark']) {
    await app.locator('html').evaluate((html, t) => html.setAttribute('data-theme', t), theme);
    const axe = await new AxeBuilder({ page: app }).include('main').analyze();
    expect(axe.violations.map((v) => `${theme} ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
    await app.screenshot({ path: test.info().outputPath(`fieldwork-${theme}.png`) });
  }
});

test('Enter in the New audit control search does not create the audit', async ({ app }) => {
  await app.evaluate(() =>
    (globalThis as unknown as AppWindow).complyflow.frameworks.importShipped({ name: 'nist-800-53r5-low', jobId: 'e2e-low' }),
  );
  await app.getByRole('link', { name: 'Audits' }).click();
  await app.getByRole('button', { name: 'New audit' }).click();
  const dialog = app.getByRole('dialog', { name: 'New audit' });
  await dialog.getByLabel('Audit title').fill('Spot check');
  await dialog.getByLabel('Chosen controls').check();
  await dialog.getByLabel('Find controls').fill('account management');
  await dialog.getByLabel('Find controls').press('Enter');
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('alert')).toHaveCount(0);
  // ↓ reaches the matches; Enter chooses one (it does not submit either).
  await expect(dialog.getByRole('list', { name: 'Matching controls' })).toBeVisible();
  await dialog.getByLabel('Find controls').press('ArrowDown');
  await app.keyboard.press('Enter');
  await expect(dialog.getByText(/^1 control chosen: AC-/)).toBeVisible();
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: 'Create audit' }).click();
  await expect(app.getByText('1 control in scope')).toBeVisible();
});
