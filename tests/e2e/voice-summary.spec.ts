/**
 * The voice summary player in Chromium against `npm run dev:stack` with real Deno functions and
 * the OpenAI and ElevenLabs stand-ins: a saved policy's summary arrives with its transcript, its
 * MP3 decodes and plays, Space/arrows control it and the speed menu follows; offline the same
 * summary plays from this computer, and one never fetched says it needs a connection.
 */
import type { Page } from '@playwright/test';
import { silentMp3 } from '../support/elevenlabs/mp3';
import { createSavedPolicy } from './policy-steps';
import { expect, test } from './dev-stack-fixtures';
import { expectSynced, nav, signInToDemo } from './sync-steps';

test.use({ devStackFunctions: true });

const audioState = (page: Page) =>
  page.locator('.voice-player audio').evaluate((a: HTMLAudioElement) => ({
    paused: a.paused,
    rate: a.playbackRate,
    at: a.currentTime,
    duration: a.duration,
    error: a.error?.code ?? null,
  }));

test('a policy’s spoken summary plays with keyboard and speed control, and offline from this computer', async ({
  page,
  orgHost,
  devStack,
}) => {
  await page.goto(orgHost.url);
  await signInToDemo(page, devStack.user('compliance_officer'));
  await nav(page, 'Policies');
  const editor = await createSavedPolicy(page, { title: `Remote work policy ${Date.now()}` });
  await editor.getByRole('textbox', { name: 'Policy body' }).click();
  await page.keyboard.type('Staff working remotely use the company VPN and lock their screens when away.');
  await editor.getByRole('button', { name: 'Save' }).click();
  await expectSynced(page);

  const summary = page.getByRole('region', { name: 'Voice summary' });
  await summary.getByRole('button', { name: 'Listen to a summary' }).click();
  await expect(summary.getByTestId('voice-transcript')).not.toBeEmpty({ timeout: 30_000 });
  await expect(summary.getByText('Kept on this computer for offline listening.')).toBeVisible();
  const player = summary.getByRole('group', { name: 'Summary player' });
  // The MP3 decoded: Chromium knows its duration.
  await expect.poll(async () => (await audioState(page)).duration, { timeout: 10_000 }).toBeGreaterThan(1);

  await player.getByRole('button', { name: 'Play' }).click();
  await expect(player).toHaveAttribute('data-state', 'playing');
  await expect.poll(async () => (await audioState(page)).at).toBeGreaterThan(0);
  await player.focus();
  await page.keyboard.press('Space');
  await expect(player).toHaveAttribute('data-state', 'paused');
  expect((await audioState(page)).paused).toBe(true);
  const at = (await audioState(page)).at;
  await page.keyboard.press('ArrowRight');
  await expect.poll(async () => (await audioState(page)).at).toBeGreaterThan(at + 1);
  await page.keyboard.press('ArrowUp');
  await expect(player).toHaveAttribute('data-speed', '1.25');
  await expect(player.getByLabel('Speed')).toHaveValue('1.25');
  expect((await audioState(page)).rate).toBe(1.25);
  await player.getByLabel('Speed').selectOption('2');
  await expect.poll(async () => (await audioState(page)).rate).toBe(2);
  await player.focus();
  await page.keyboard.press('ArrowDown');
  await expect(player).toHaveAttribute('data-speed', '1.5');
  await page.keyboard.press('Space');
  await expect(player).toHaveAttribute('data-state', 'playing');
  await page.keyboard.press('Space');

  // Offline: the summary heard once plays again from this computer.
  const policyUrl = page.url();
  await devStack.network(false);
  await page.reload();
  await page.goto(policyUrl);
  await summary.getByRole('button', { name: 'Listen to a summary' }).click();
  await expect(summary.getByText('Played from this computer.')).toBeVisible();
  await expect.poll(async () => (await audioState(page)).duration, { timeout: 10_000 }).toBeGreaterThan(1);

  // A policy never summarised has nothing kept: it says the summary needs a connection.
  await nav(page, 'Policies');
  await createSavedPolicy(page, { title: `Offline policy ${Date.now()}` });
  await summary.getByRole('button', { name: 'Listen to a summary' }).click();
  await expect(summary.getByRole('alert')).toHaveText(/^The voice summary needs a connection/);
  await devStack.network(true);
});

test('an admin trains the organization voice from uploaded samples after consent, and deletes it', async ({
  page,
  orgHost,
  devStack,
}) => {
  await page.goto(orgHost.url);
  await signInToDemo(page, devStack.user('admin'));
  await nav(page, 'Settings');
  const state = page.getByTestId('org-voice-state');
  await expect(state).toHaveText('No organization voice: summaries use the default voice.');
  const training = page.getByRole('form', { name: 'Train the organization voice' });
  await training.getByLabel('Voice name').fill('Demo voice');
  await training.getByLabel('Samples').setInputFiles([
    { name: 'one.mp3', mimeType: 'audio/mpeg', buffer: silentMp3(40, { sampleRate: 32000, kbps: 32 }) },
    { name: 'two.mp3', mimeType: 'audio/mpeg', buffer: silentMp3(35, { sampleRate: 32000, kbps: 32 }) },
  ]);
  const train = training.getByRole('button', { name: 'Train the voice' });
  // Nothing leaves the computer before the speaker's consent.
  await expect(train).toBeDisabled();
  await training.getByLabel('The speaker has read this and agrees').check();
  await train.click();
  await expect(state).toHaveText(/^Summaries are spoken in “Demo voice”, trained from 75 seconds of samples\.$/, {
    timeout: 30_000,
  });
  await page.getByRole('button', { name: 'Delete the organization voice' }).click();
  await expect(state).toHaveText('No organization voice: summaries use the default voice.');
  await expect(
    page.getByRole('status').filter({ hasText: 'The voice, its samples and the cloned voice are deleted.' }),
  ).toBeVisible();
});
