/**
 * Sync's parts of the window in the local workspace, where nothing syncs: the status bar says so,
 * Settings → Sync keeps the tray preference and leads (by keyboard) to the sync panel, which says
 * there is nothing to sync; both pages are axe-clean in light and dark.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

const status = (page: Page) => page.getByRole('status').filter({ has: page.getByTestId('workspace-name') });

async function axeInBothThemes(page: Page) {
  for (const theme of ['light', 'dark']) {
    await page.locator('html').evaluate((html, t) => html.setAttribute('data-theme', t), theme);
    const axe = await new AxeBuilder({ page }).analyze();
    expect(axe.violations.map((v) => `${theme} ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  }
}

test('the local workspace says it does not sync, keeps the tray preference and opens the sync panel', async ({ app }) => {
  await expect(status(app).getByTestId('sync-state')).toHaveText('Saved on this computer (not synced)');
  await expect(status(app).getByTestId('sync-pending')).toHaveCount(0);

  await app.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
  const sync = app.getByRole('group', { name: 'Sync' });
  const keep = sync.getByRole('checkbox', { name: 'Keep running in the tray while changes wait' });
  await expect(keep).not.toBeChecked();
  await keep.check();
  await expect(keep).toBeChecked();
  await axeInBothThemes(app);

  // The preference is the core's, not the page's: a reload reads it back.
  await app.reload();
  await expect(
    app.getByRole('group', { name: 'Sync' }).getByRole('checkbox', { name: /Keep running in the tray/ }),
  ).toBeChecked();

  const open = app.getByRole('group', { name: 'Sync' }).getByRole('button', { name: 'Open the sync panel' });
  await open.focus();
  await app.keyboard.press('Enter');
  await expect(app.getByRole('heading', { level: 1, name: 'Sync' })).toBeVisible();
  await expect(app).toHaveURL(/#\/sync$/);
  await expect(
    app.getByText('This is the local workspace: everything is saved on this computer and nothing syncs.'),
  ).toBeVisible();
  await expect(app.getByRole('button', { name: 'Retry now' })).toHaveCount(0);
  await axeInBothThemes(app);
});
