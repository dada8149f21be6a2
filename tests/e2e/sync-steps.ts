/**
 * Steps the sync end-to-end tests share: sign in to Demo Compliance Co from the real UI, wait
 * for a sync round to end, act on the server as another member (as that member's own device
 * would, through Postgres with their JWT claims), and check axe in both themes.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';
import pg from 'pg';
import { expect, type DevStack, type DevStackUser } from './dev-stack-fixtures';

export const statusBar = (page: Page): Locator => page.getByRole('status').filter({ has: page.getByTestId('workspace-name') });

export const nav = (page: Page, name: string) =>
  page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name }).click();

/** Signs in and opens Demo Compliance Co (the compliance officer also belongs to a second org). */
export async function signInToDemo(page: Page, user: DevStackUser): Promise<void> {
  await nav(page, 'Settings');
  const form = page.getByRole('form', { name: 'Sign in' });
  await form.getByLabel('Email').fill(user.email);
  await form.getByLabel('Password').fill(user.password);
  await form.getByRole('button', { name: 'Sign in' }).click();
  if (user.role === 'compliance_officer')
    await page.getByRole('button', { name: /^Demo Compliance Co, Compliance officer/ }).click();
  await expect(statusBar(page).getByTestId('workspace-name')).toHaveText('Demo Compliance Co');
}

/** Waits until a round ended well with nothing left waiting. */
export async function expectSynced(page: Page): Promise<void> {
  await expect(statusBar(page).getByTestId('sync-state')).toHaveText(/^Synced \d+ (s|min) ago$/, { timeout: 30_000 });
  await expect(statusBar(page).getByTestId('sync-pending')).toHaveCount(0, { timeout: 30_000 });
}

/** Runs SQL on the stack's Postgres as `user` would through PostgREST (RLS and triggers apply). */
export async function asMember<T>(stack: DevStack, user: DevStackUser, fn: (db: pg.Client) => Promise<T>): Promise<T> {
  const db = new pg.Client({ connectionString: stack.databaseUrl });
  await db.connect();
  try {
    await db.query('begin');
    await db.query(`select set_config('role', 'authenticated', true), set_config('request.jwt.claims', $1, true)`, [
      JSON.stringify({ sub: user.id, role: 'authenticated', aud: 'authenticated', email: user.email, aal: 'aal1' }),
    ]);
    const value = await fn(db);
    await db.query('commit');
    return value;
  } catch (error) {
    await db.query('rollback');
    throw error;
  } finally {
    await db.end();
  }
}

/** Runs SQL as the stack's superuser: what a server operator (or an admin console) does. */
export async function asOperator<T>(stack: DevStack, fn: (db: pg.Client) => Promise<T>): Promise<T> {
  const db = new pg.Client({ connectionString: stack.databaseUrl });
  await db.connect();
  try {
    return await fn(db);
  } finally {
    await db.end();
  }
}

export async function axeInBothThemes(page: Page, what: string): Promise<void> {
  for (const theme of ['light', 'dark']) {
    await page.locator('html').evaluate((html, t) => html.setAttribute('data-theme', t), theme);
    // The header's search shares its landmark name with the Policies list's own search (known,
    // not sync's): every other part of the window is checked, the status bar and banners included.
    const axe = await new AxeBuilder({ page }).exclude('.global-search').analyze();
    expect(axe.violations.map((v) => `${what}, ${theme} ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual(
      [],
    );
  }
}

/** The policy id of the open editor, from the address (#/policies/<id>). */
export const openPolicyId = (page: Page): string => /#\/policies\/([0-9a-f-]{36})/.exec(page.url())![1];
