/**
 * A tab left open survives a restart of the browser host: the host comes back on the same
 * address with the same token (kept in the data folder, readable by the user only), the tab says
 * it is reconnecting, and work goes on without reloading.
 */
import { statSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from './fixtures';
import { createSavedPolicy } from './policy-steps';

test('after the host restarts, the open tab reconnects by itself and keeps working', async ({ app, host }) => {
  await app.getByRole('link', { name: 'Policies' }).click();
  await createSavedPolicy(app, { title: 'Before Restart Policy' });
  const before = host.url;

  await host.stop();
  await expect(app.getByRole('status').filter({ hasText: 'Lost the connection to ComplyFlow; reconnecting' })).toBeVisible();
  await host.restart();
  expect(host.url).toBe(before);
  expect(statSync(path.join(host.dataDir, 'browser-host.json')).mode & 0o777).toBe(0o600);

  await expect(app.getByRole('status').filter({ hasText: 'Lost the connection' })).toHaveCount(0, { timeout: 20_000 });
  // No reload: the same page talks to the new host.
  const editor = await createSavedPolicy(app, { title: 'After Restart Policy' });
  await expect(editor.getByLabel('Title')).toHaveValue('After Restart Policy');
  await expect(app.getByRole('listbox', { name: 'Policies' }).getByRole('option')).toHaveCount(2);
});
