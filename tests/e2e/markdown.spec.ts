/**
 * Writing a policy: the toolbar and its shortcuts format the text, the preview renders
 * GitHub-flavoured markdown (tables, not raw pipes), and right-to-left paragraphs take their own
 * direction; the editor passes axe in both themes.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from './fixtures';
import { createSavedPolicy } from './policy-steps';

test('toolbar and shortcuts format the body; the preview shows tables and right-to-left text', async ({ app }) => {
  await app.getByRole('link', { name: 'Policies' }).click();
  const editor = await createSavedPolicy(app, { title: 'Access Control Policy' });
  const toolbar = editor.getByRole('toolbar', { name: 'Formatting' });
  for (const name of ['Bold', 'Italic', 'Heading', 'Bulleted list', 'Link', 'Table']) {
    await expect(toolbar.getByRole('button', { name, exact: true })).toBeVisible();
  }
  await expect(toolbar.getByRole('button', { name: 'Bold' })).toHaveAttribute('aria-keyshortcuts', 'Control+B');

  const body = editor.getByRole('textbox', { name: 'Policy body' });
  await body.click();
  await app.keyboard.type('Owners');
  await app.keyboard.press('Shift+Home');
  await app.keyboard.press('Control+b');
  await app.keyboard.press('End');
  await app.keyboard.press('Enter');
  await app.keyboard.press('Enter');
  await toolbar.getByRole('button', { name: 'Table' }).click();
  await app.keyboard.type('Role');
  await expect(body).toContainText('**Owners**');
  await expect(body).toContainText('| Role | Column |');
  await app.keyboard.press('Control+End');
  await app.keyboard.type('\nהסיסמאות מוחלפות כל שנה.');

  // The toolbar is one tab stop; arrows move along it.
  await toolbar.getByRole('button', { name: 'Bold' }).focus();
  await app.keyboard.press('ArrowRight');
  await expect(toolbar.getByRole('button', { name: 'Italic' })).toBeFocused();

  await editor.getByRole('button', { name: 'Save' }).click();
  await expect(editor.getByText(/^Saved /)).toBeVisible();
  await editor.getByRole('tab', { name: 'Preview' }).click();
  const preview = editor.getByTestId('markdown-preview');
  await expect(preview.locator('strong')).toHaveText('Owners');
  const table = preview.getByRole('table');
  await expect(table.getByRole('columnheader')).toHaveText(['Role', 'Column']);
  await expect(preview).not.toContainText('| ---');
  const rtl = preview.getByText('הסיסמאות מוחלפות כל שנה.');
  await expect(rtl).toHaveAttribute('dir', 'auto');
  expect(await rtl.evaluate((el) => getComputedStyle(el).direction)).toBe('rtl');

  // Both themes as a user picks them (the editor's own theme follows the app's choice).
  for (const theme of ['Light', 'Dark']) {
    await app.getByRole('link', { name: 'Settings' }).click();
    await app.getByRole('radio', { name: theme }).check();
    await app.getByRole('link', { name: 'Policies' }).click();
    await app
      .getByRole('listbox', { name: 'Policies' })
      .getByRole('option', { name: /Access Control Policy/ })
      .click();
    await expect(editor.getByRole('textbox', { name: 'Policy body' })).toContainText('**Owners**');
    const axe = await new AxeBuilder({ page: app }).include('.policy-editor').analyze();
    expect(axe.violations.map((v) => `${theme} ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  }
});
