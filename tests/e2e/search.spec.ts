/** One search box across policies, controls and findings: Ctrl+K, grouped results, keyboard to open. */
import { createCore } from '../../src-main/core/core';
import { seedAudit, seedControl, seedFinding, seedFramework } from '../unit/core/dashboard/seed';
import { expect, test } from './fixtures';
import { createSavedPolicy } from './policy-steps';

test('global search finds a policy, a control and a finding by one word and opens them by keyboard', async ({ app, host }) => {
  await app.getByRole('link', { name: 'Policies' }).click();
  await createSavedPolicy(app, { title: 'Kestrel Remote Access Policy' });

  const core = createCore({ dataDir: host.dataDir, log: { error: () => undefined } });
  const fw = seedFramework(core, 'NIST SP 800-53 Moderate');
  seedControl(core, fw, { key: 'ac-17', title: 'Remote Access', statement: 'Kestrel gateways authorize each remote session.' });
  const auditId = seedAudit(core, { title: 'Remote access audit' });
  seedFinding(core, auditId, { title: 'Kestrel gateway allows stale sessions', severity: 'medium' });
  core.close();

  await app.getByRole('link', { name: 'Dashboard' }).click();
  await app.keyboard.press('Control+k');
  const box = app.getByRole('combobox', { name: 'Search everything' });
  await expect(box).toBeFocused();
  await app.keyboard.type('kestrel');

  const results = app.getByRole('listbox', { name: 'Search results' });
  await expect(results.getByRole('group', { name: 'Policies (1)' }).getByRole('option')).toContainText(
    'Kestrel Remote Access Policy',
  );
  await expect(results.getByRole('group', { name: 'Controls (1)' }).getByRole('option')).toContainText('AC-17 Remote Access');
  await expect(results.getByRole('group', { name: 'Controls (1)' }).getByRole('option')).toContainText('NIST SP 800-53 Moderate');
  await expect(results.getByRole('group', { name: 'Findings (1)' }).getByRole('option')).toContainText(
    'Kestrel gateway allows stale sessions',
  );
  await expect(results.locator('mark').first()).toHaveText(/kestrel/i);

  // Down twice (policy → control → finding), then Enter opens the finding's audit.
  await app.keyboard.press('ArrowDown');
  await app.keyboard.press('ArrowDown');
  await expect(results.getByRole('option', { selected: true })).toContainText('Kestrel gateway');
  await app.keyboard.press('Enter');
  // Fieldwork adds the control it shows to the address.
  await expect(app).toHaveURL(new RegExp(`#/audits/${auditId}(/[0-9a-f-]{36})?$`));

  await app.getByRole('link', { name: 'Dashboard' }).click();
  await app.keyboard.press('Control+k');
  await app.keyboard.type('kestrel');
  await expect(results.getByRole('option', { selected: true })).toContainText('Kestrel Remote Access Policy');
  await app.keyboard.press('Enter');
  await expect(app).toHaveURL(/#\/policies\/[0-9a-f-]{36}$/);
  await expect(app.getByRole('form', { name: 'Policy editor' }).getByLabel('Title')).toHaveValue('Kestrel Remote Access Policy');
});
