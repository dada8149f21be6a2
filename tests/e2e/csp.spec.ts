/**
 * The renderer runs under a strict CSP (no 'unsafe-eval'). Nothing the app does on start or on
 * its screens may trip it: a violation in the console is either a blocked feature or noise that
 * hides a real attack report.
 */
import { expect, test } from './fixtures';

test('starting the app and opening every screen reports no CSP violation', async ({ page, host }) => {
  const reports: string[] = [];
  page.on('console', (message) => {
    if (/content security policy|unsafe-eval/i.test(message.text())) reports.push(message.text());
  });
  // The DOM event catches violations that do not reach the console as text.
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      console.error(`Content Security Policy violation: ${event.violatedDirective} ${event.blockedURI}`);
    });
  });
  await page.goto(host.url);
  await expect(page.getByTestId('workspace-name')).toHaveText('Local workspace');
  for (const screen of ['Frameworks', 'Policies', 'Evidence', 'Audits', 'Settings', 'Dashboard']) {
    await page.getByRole('link', { name: screen }).click();
    await expect(page.getByRole('link', { name: screen })).toHaveAttribute('aria-current', 'page');
  }
  await page.getByRole('link', { name: 'Policies' }).click();
  await page.getByRole('button', { name: 'New policy' }).click();
  await expect(page.getByRole('form', { name: 'Policy editor' })).toBeVisible();
  expect(reports).toEqual([]);
});
