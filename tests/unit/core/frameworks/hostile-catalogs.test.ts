/**
 * Catalogs built to hurt the importer: parameter inserts that expand exponentially, and nesting
 * deep enough to overflow a recursive walk. Each gets a clear INVALID_INPUT, imports nothing,
 * and leaves the core working.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../../src-main/core/core';
import { ErrorCode } from '../../../../src-shared/errors';
import { snapshot } from '../../../support/db-snapshot';
import { tempDir } from '../../../support/temp-dir';

let dir: ReturnType<typeof tempDir>;
let core: Core;
const ctx = { actor: 'local' };

beforeEach(() => {
  dir = tempDir();
  core = createCore({ dataDir: dir.path, log: { error: () => undefined } });
});
afterEach(() => {
  core.close();
  dir.remove();
});

const catalog = (extra: Record<string, unknown>) => ({
  catalog: { uuid: 'hostile', metadata: { title: 'Hostile', version: '1', 'oscal-version': '1.1.2' }, ...extra },
});

async function importRefused(doc: unknown, message: RegExp) {
  const before = snapshot(core.db);
  const answer = await core.router.call(
    'frameworks',
    'importFile',
    { fileName: 'hostile.json', content: JSON.stringify(doc) },
    ctx,
  );
  expect(answer).toMatchObject({ ok: false, error: { code: ErrorCode.InvalidInput } });
  if (!answer.ok) expect(answer.error.message).toMatch(message);
  expect(snapshot(core.db)).toEqual(before);
  // The core still answers.
  expect(await core.router.call('app', 'workspace', {}, ctx)).toMatchObject({ ok: true });
}

describe('hostile catalogs', () => {
  it('refuses parameter inserts that expand exponentially (a 4 KB file, 400 M characters)', async () => {
    const params = Array.from({ length: 8 }, (_, i) => ({
      id: `p${i}`,
      values: [Array.from({ length: 16 }, () => `{{ insert: param, p${i + 1} }}`).join(' ')],
    }));
    const controls = Array.from({ length: 12 }, (_, i) => ({
      id: `c${i}`,
      title: 'Bomb',
      parts: [{ name: 'statement', prose: '{{ insert: param, p0 }}' }],
    }));
    expect(JSON.stringify(catalog({ params, controls })).length).toBeLessThan(5_000);
    await importRefused(catalog({ params, controls }), /parameter inserts expand to more than 200,000 characters/);
  });

  it('refuses nesting deeper than 64 levels instead of overflowing the stack', async () => {
    let control: Record<string, unknown> = { id: 'leaf', title: 'Leaf' };
    for (let i = 0; i < 1_000; i++) control = { id: `c${i}`, title: 'Nested', controls: [control] };
    await importRefused(catalog({ controls: [control] }), /nesting deeper than 64 levels/);
  });

  it('still imports a catalog whose parameters insert other parameters a little', async () => {
    const params = [
      { id: 'p0', values: ['{{ insert: param, p1 }} and {{ insert: param, p1 }}'] },
      { id: 'p1', label: 'personnel' },
    ];
    const controls = [
      { id: 'ac-1', title: 'Policy', parts: [{ name: 'statement', prose: 'Share with {{ insert: param, p0 }}.' }] },
    ];
    const answer = await core.router.call(
      'frameworks',
      'importFile',
      { fileName: 'ok.json', content: JSON.stringify(catalog({ params, controls })) },
      ctx,
    );
    expect(answer).toMatchObject({ ok: true, value: { controls: 1 } });
    const statement = core.db.prepare("SELECT statement FROM controls WHERE control_key = 'ac-1'").get() as { statement: string };
    expect(statement.statement).toBe(
      'Share with [Assignment: organization-defined personnel] and [Assignment: organization-defined personnel].',
    );
  });
});
