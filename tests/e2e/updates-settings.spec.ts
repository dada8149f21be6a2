/**
 * Settings → Updates in the browser host: the resolved update policy with each key's source,
 * keys IT locks shown as "Managed by your organization" and not editable, the minimum-version
 * banner that cannot be dismissed, and the note that the desktop app handles updates (no
 * "Check for updates" here). The user's own channel choice is kept across a restart.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, startHost, stopChild, test } from './fixtures';

async function openUpdates(page: Page, url: string) {
  await page.goto(url);
  await expect(page.getByTestId('workspace-name')).toHaveText('Local workspace');
  await page.getByRole('link', { name: 'Settings' }).click();
  return page.getByTestId('updates-settings');
}

test('a machine policy sets and locks update keys; below its minimum a banner stays', async ({ page }) => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'complyflow-e2e-updates-'));
  const policyFile = path.join(dir, 'policy.json');
  writeFileSync(
    policyFile,
    JSON.stringify({ updates: { channel: 'beta', minimumVersion: '99.0.0', deferDays: 2, locked: ['installMode'] } }),
  );
  const host = await startHost(path.join(dir, 'data'), [], { COMPLYFLOW_POLICY_FILE: policyFile });
  try {
    const updates = await openUpdates(page, host.url);
    await expect(updates.getByTestId('update-channel')).toHaveText('Beta');
    await expect(updates.getByTestId('update-policy-channel')).toContainText(
      'Set by this computer’s policy (IT) · Managed by your organization',
    );
    await expect(updates.getByTestId('update-policy-minimumVersion')).toContainText('99.0.0');
    await expect(updates.getByTestId('update-policy-deferDays')).toContainText('Up to 2 days');
    await expect(updates.getByTestId('update-policy-installMode')).toContainText('Default · Managed by your organization');
    await expect(updates.getByTestId('update-policy-pinnedVersion')).toContainText('Not pinned');
    await expect(updates.getByTestId('update-policy-pinnedVersion')).not.toContainText('Managed by your organization');
    await expect(updates.getByLabel('Channel')).toBeDisabled();
    await expect(updates.getByLabel('Install updates')).toBeDisabled();
    await expect(updates.getByTestId('update-browser-host')).toContainText('handled by the ComplyFlow desktop app');
    await expect(updates.getByRole('button', { name: 'Check for updates' })).toHaveCount(0);
    const axe = await new AxeBuilder({ page })
      .include('[data-testid="updates-settings"]')
      .include('[data-testid="update-banner"]')
      .analyze();
    expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);

    const banner = page.getByTestId('update-banner');
    await expect(banner).toContainText('Your organization requires ComplyFlow 99.0.0 or newer');
    await expect(banner.getByRole('button')).toHaveCount(0);
    await page.getByRole('link', { name: 'Policies' }).click();
    await expect(banner).toBeVisible();
  } finally {
    await stopChild(host.child);
    rmSync(dir, { recursive: true, force: true });
  }
});

test('without a policy the user picks the channel, and it is kept', async ({ app, host }) => {
  await app.getByRole('link', { name: 'Settings' }).click();
  const updates = app.getByTestId('updates-settings');
  await expect(updates.getByTestId('update-policy-channel')).toContainText('Default');
  await expect(app.getByTestId('update-banner')).toHaveCount(0);
  await updates.getByLabel('Channel').selectOption('beta');
  await expect(updates.getByTestId('update-policy-channel')).toContainText('Beta');
  await expect(updates.getByTestId('update-policy-channel')).toContainText('Your choice');
  await host.restart();
  await app.goto(host.url);
  await app.getByRole('link', { name: 'Settings' }).click();
  await expect(app.getByTestId('update-channel')).toHaveText('Beta');
});
