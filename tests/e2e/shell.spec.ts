/**
 * The window around every screen: the skip link, the header search box, long unbroken titles
 * and error toasts, at the size of a small laptop (1280×800).
 */
import type { Locator } from '@playwright/test';
import { expect, test } from './fixtures';
import { createSavedPolicy } from './policy-steps';

test.use({ viewport: { width: 1280, height: 800 } });

/** True when the element scrolls sideways (its content is wider than it is). */
const scrollsSideways = (locator: Locator) => locator.evaluate((el) => el.scrollWidth > el.clientWidth + 1);

test('"Skip to content" moves focus to the page without leaving it', async ({ app }) => {
  await app.getByRole('link', { name: 'Policies' }).click();
  await createSavedPolicy(app, { title: 'Logging Policy' });
  const url = app.url();
  const skip = app.getByRole('link', { name: 'Skip to content' });
  await skip.focus();
  await expect(skip).toBeVisible();
  await app.keyboard.press('Enter');
  await expect(app.locator('main#main')).toBeFocused();
  expect(app.url()).toBe(url);
  await expect(app.getByRole('form', { name: 'Policy editor' }).getByLabel('Title')).toHaveValue('Logging Policy');
});

test('the header search box has its icon inside, on one line, and room for its hint', async ({ app }) => {
  const box = app.getByRole('combobox', { name: 'Search everything' });
  const input = await box.boundingBox();
  const icon = await app.locator('.global-search-box svg').boundingBox();
  expect(input && icon).toBeTruthy();
  // The icon sits inside the field, vertically centred on it.
  expect(icon!.y).toBeGreaterThanOrEqual(input!.y);
  expect(icon!.y + icon!.height).toBeLessThanOrEqual(input!.y + input!.height);
  expect(icon!.x).toBeGreaterThanOrEqual(input!.x);
  // The whole placeholder, "(Ctrl+K)" included, fits.
  const fits = await box.evaluate((el: HTMLInputElement) => {
    const canvas = document.createElement('canvas').getContext('2d')!;
    const style = getComputedStyle(el);
    canvas.font = `${style.fontSize} ${style.fontFamily}`;
    const room = el.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    return canvas.measureText(el.placeholder).width <= room;
  });
  expect(fits).toBe(true);
});

test('long titles without spaces never make a page scroll sideways', async ({ app }) => {
  const long = `Access Control Policy ${'X'.repeat(200)}`;
  await app.getByRole('link', { name: 'Policies' }).click();
  const editor = await createSavedPolicy(app, { title: long, nextReviewDate: '2020-01-31' });
  const main = app.locator('main#main');

  // The list shows the start of the title, the whole title in its tooltip.
  const title = app.getByRole('listbox', { name: 'Policies' }).locator('.policy-title').first();
  await expect(title).toHaveAttribute('title', long);
  expect((await title.boundingBox())!.width).toBeGreaterThan(250);

  await editor.getByRole('tab', { name: 'History' }).click();
  await expect(editor.getByTestId('revision-row')).toHaveCount(2);
  expect(await scrollsSideways(main)).toBe(false);
  expect(await scrollsSideways(app.locator('.detail'))).toBe(false);

  await app.getByRole('link', { name: 'Dashboard' }).click();
  await expect(app.getByRole('region', { name: 'Policies overdue for review' }).getByRole('link')).toBeVisible();
  expect(await scrollsSideways(main)).toBe(false);

  await app.getByRole('combobox', { name: 'Search everything' }).fill('access');
  const results = app.getByRole('listbox', { name: 'Search results' });
  await expect(results.getByRole('option')).toHaveCount(1);
  expect(await scrollsSideways(results)).toBe(false);
});

test('an error toast stays narrow, clear of the sidebar', async ({ app }) => {
  await app.getByRole('link', { name: 'Policies' }).click();
  const editor = await createSavedPolicy(app, { title: 'Vendor Policy' });
  await editor.getByRole('tab', { name: 'Controls' }).click();
  // Longer than the core accepts: the search fails with an error message.
  await editor.getByLabel('Find controls to link').fill('y'.repeat(260));
  const toast = app.locator('.toast-error').first();
  await expect(toast).toBeVisible();
  const box = (await toast.boundingBox())!;
  const sidebar = (await app.getByRole('navigation', { name: 'Main' }).boundingBox())!;
  expect(box.x).toBeGreaterThan(sidebar.x + sidebar.width);
  expect(box.width).toBeLessThanOrEqual(440);
});
