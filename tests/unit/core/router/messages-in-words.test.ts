/**
 * What a compliance officer reads when a value is refused: the field by its name on screen, what
 * is wrong and by how much, in sentences — through the real router and the real schemas, not
 * zod's developer wording ("Invalid input: expected string, received undefined").
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../../src-main/core/core';
import { tempDir } from '../../../support/temp-dir';

let dir: ReturnType<typeof tempDir>;
let core: Core;
beforeEach(() => {
  dir = tempDir();
  core = createCore({ dataDir: dir.path, log: { error: () => undefined } });
});
afterEach(() => {
  core.close();
  dir.remove();
});

async function refusal(ns: string, method: string, input: unknown): Promise<string> {
  const answer = await core.router.call(ns, method, input, { actor: 'local' });
  if (answer.ok) throw new Error(`${ns}.${method} was expected to be refused`);
  expect(answer.error.code).toBe('INVALID_INPUT');
  return answer.error.message;
}

describe('refusals in words', () => {
  it('a title over its limit says by how much, and nothing is saved (never cut to fit)', async () => {
    expect(await refusal('policies', 'create', { title: 'A'.repeat(526) })).toBe(
      'Title is too long: 526 characters, the limit is 300. Shorten it by 226.',
    );
    expect(core.db.prepare('SELECT count(*) FROM policies').pluck().get()).toBe(0);
  });

  it('names fields as the screen does, and formats large numbers', async () => {
    expect(await refusal('policies', 'create', { title: 'Backup', nextReviewDate: 'tomorrow' })).toBe(
      'Next review date must be a date (YYYY-MM-DD).',
    );
    expect(await refusal('policies', 'create', { title: '   ' })).toBe('A policy needs a title.');
    expect(await refusal('policies', 'create', { title: 'Backup', body: 'x'.repeat(1_000_001) })).toBe(
      'Body is too long: 1,000,001 characters, the limit is 1,000,000. Shorten it by 1.',
    );
  });

  it('says a missing field is missing and an unknown field is unknown', async () => {
    expect(await refusal('policies', 'create', {})).toBe('Title is missing.');
    expect(await refusal('policies', 'create', { title: 'Backup', colour: 'red' })).toBe(
      'The request has a field the app does not know: colour.',
    );
  });

  it('lists the first three problems and counts the rest', async () => {
    const message = await refusal('audits', 'create', {
      title: '',
      frameworkId: 'nope',
      windowStart: 'soon',
      windowEnd: 'later',
      auditors: [''],
    });
    expect(message.split('. ').length).toBeGreaterThanOrEqual(3);
    expect(message).toMatch(/There (is 1 more problem|are \d+ more problems)\.$/);
    expect(message).not.toMatch(/Invalid input|expected string|received/);
  });

  it('an OSCAL file with a missing field names the field and where it is', async () => {
    const content = JSON.stringify({ catalog: { uuid: 'x', metadata: { title: 'Catalog' }, groups: [] } });
    const answer = await core.router.call('frameworks', 'importFile', { fileName: 'c.json', content }, { actor: 'local' });
    expect(!answer.ok && answer.error.message).toMatch(
      /^Not a valid OSCAL catalog: The “(version|oscal-version|last-modified)” field is missing \(at catalog\.metadata\.[a-z-]+\)\./,
    );
    expect(!answer.ok && answer.error.message).not.toMatch(/Invalid input|undefined/);
  });
});
