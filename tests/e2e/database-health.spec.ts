/**
 * Settings → Database health: the integrity check runs in the background when asked and its
 * result shows in words; a session that did not close the database is noticed at the next start.
 */
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from './fixtures';

test('Check now runs the integrity check in the background and says what it found', async ({ app }) => {
  await app.getByRole('link', { name: 'Settings' }).click();
  const section = app.getByRole('group', { name: 'Database health' });
  await expect(
    section.getByText('A check will run in the background soon: the database has not been checked yet.'),
  ).toBeVisible();
  await section.getByRole('button', { name: 'Check now' }).click();
  await expect(section.getByText(/^No problems found\. Last checked/)).toBeVisible();
  await expect(section.getByText(/^Write-ahead log:/)).toBeVisible();
});

test('after an unclean shutdown Settings says so and a check follows by itself', async ({ app, host }) => {
  await host.stop();
  // What a killed session leaves behind: the marker of an open database.
  const marker = path.join(host.dataDir, 'workspaces', 'local', 'replica.sqlite3.open');
  rmSync(marker, { force: true });
  writeFileSync(marker, '1 2026-01-01T00:00:00.000Z\n');
  await host.restart();
  await app.goto(host.url);
  await app.getByRole('link', { name: 'Settings' }).click();
  const section = app.getByRole('group', { name: 'Database health' });
  await expect(
    section.getByText('The previous session ended without closing the database (a crash or power loss).'),
  ).toBeVisible();
  await expect(section.getByText(/^No problems found\. Last checked/)).toBeVisible({ timeout: 15_000 });
});
