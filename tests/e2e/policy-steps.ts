/**
 * The step most end-to-end tests start from: on the Policies screen, make a new policy through
 * the editor, fill the given fields, save, and leave its editor open.
 */
import type { Locator, Page } from '@playwright/test';
import { expect } from './fixtures';

export interface NewPolicyFields {
  title: string;
  owner?: string;
  nextReviewDate?: string;
}

export async function createSavedPolicy(app: Page, { title, owner, nextReviewDate }: NewPolicyFields): Promise<Locator> {
  await app.getByRole('button', { name: 'New policy' }).click();
  const editor = app.getByRole('form', { name: 'Policy editor' });
  // The new policy's editor, not the one open before it.
  await expect(editor.getByLabel('Title')).toHaveValue('Untitled policy');
  await editor.getByLabel('Title').fill(title);
  if (owner !== undefined) await editor.getByLabel('Owner').fill(owner);
  if (nextReviewDate !== undefined) await editor.getByLabel('Next review date').fill(nextReviewDate);
  await editor.getByRole('button', { name: 'Save' }).click();
  await expect(editor.getByText(/^Saved /)).toBeVisible();
  return editor;
}

/**
 * Approves the policy open in `editor` (in review): the dialog asks who approves and for the
 * comment kept with the approval. Answers the dialog's text (who approves, the review date).
 */
export async function approvePolicy(app: Page, editor: Locator, comment = 'Reviewed and approved.'): Promise<string> {
  await editor.getByRole('button', { name: 'Approve' }).click();
  const ask = app.getByRole('alertdialog', { name: /^Approve “/ });
  await expect(ask.getByRole('button', { name: 'Approve' })).toBeDisabled();
  await ask.getByLabel('Approval comment').fill(comment);
  const text = (await ask.textContent()) ?? '';
  await ask.getByRole('button', { name: 'Approve' }).click();
  await expect(ask).toHaveCount(0);
  return text;
}
