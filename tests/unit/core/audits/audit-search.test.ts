/**
 * Audits and test notes are found by global search, findings by any part an auditor wrote, and
 * each hit names the audit and control it opens on (fieldwork lands on that control, at the
 * position scopePosition answers). Real router, real SQLite file, FTS5.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../../src-main/core/core';
import type { SearchOutput } from '../../../../src-shared/domain/search';
import { ErrorCode } from '../../../../src-shared/errors';
import { tempDir } from '../../../support/temp-dir';
import { seedFramework, type SeededFramework } from './seed-controls';

let dir: ReturnType<typeof tempDir>;
let core: Core;
let fw: SeededFramework;
const ctx = { actor: 'auditor-1' };

async function ok<T = Record<string, unknown>>(ns: string, method: string, input: unknown): Promise<T> {
  const result = await core.router.call(ns, method, input, ctx);
  if (!result.ok) throw new Error(`${ns}.${method} failed: ${result.error.code} ${result.error.message}`);
  return result.value as T;
}
const search = (query: string) => ok<SearchOutput>('search', 'all', { query });
const kinds = (out: SearchOutput) => Object.fromEntries(out.groups.map((g) => [g.kind, g.hits.map((h) => h.title)]));

beforeEach(() => {
  dir = tempDir();
  core = createCore({ dataDir: dir.path, log: { error: () => undefined } });
  fw = seedFramework(core.db);
});
afterEach(() => {
  core.close();
  dir.remove();
});

describe('searching audits, test notes and findings', () => {
  it('finds an audit by title or auditor, notes by their words, findings by their condition, each pointing at its audit and control', async () => {
    const audit = await ok<{ id: string }>('audits', 'create', {
      title: 'Quarterly access review',
      frameworkId: fw.frameworkId,
      windowStart: '2026-01-01',
      windowEnd: '2026-03-31',
      auditors: ['Ingrid Bergström'],
    });
    await ok('audits', 'update', { id: audit.id, status: 'fieldwork' });
    const control = fw.controlIds[4]; // AU-1
    await ok('audits', 'recordResult', {
      auditId: audit.id,
      controlId: control,
      result: 'fail',
      notes: 'Sampled 25 tickets; the deprovisioning of contractors took 41 days.',
    });
    await ok('findings', 'create', {
      auditId: audit.id,
      controlId: control,
      title: 'Slow offboarding',
      severity: 'high',
      condition: 'Contractor accounts stayed enabled after their end date.',
    });

    expect(kinds(await search('quarterly'))).toEqual({ audit: ['Quarterly access review'] });
    // Diacritics fold: "bergstrom" finds the auditor "Bergström".
    expect(kinds(await search('bergstrom'))).toEqual({ audit: ['Quarterly access review'] });

    const notes = await search('deprovisioning');
    expect(notes.groups).toEqual([
      {
        kind: 'note',
        count: 1,
        capped: false,
        hits: [
          expect.objectContaining({
            title: 'AU control 1',
            label: 'AU-1',
            auditId: audit.id,
            controlId: control,
            auditTitle: 'Quarterly access review',
          }),
        ],
      },
    ]);

    const byCondition = await search('enabled');
    expect(byCondition.groups.map((g) => g.kind)).toEqual(['finding']);
    expect(byCondition.groups[0].hits[0]).toMatchObject({
      title: 'Slow offboarding',
      auditId: audit.id,
      controlId: control,
      label: 'AU-1',
    });
    // "contractor" is in both the notes and the finding's condition.
    expect(kinds(await search('contractor'))).toEqual({ finding: ['Slow offboarding'], note: ['AU control 1'] });

    // Edited text is found by its new words only.
    await ok('audits', 'recordResult', { auditId: audit.id, controlId: control, notes: 'Retested in March.' });
    expect(kinds(await search('deprovisioning'))).toEqual({});
    expect(kinds(await search('retested'))).toEqual({ note: ['AU control 1'] });
    await ok('audits', 'update', { id: audit.id, title: 'Q1 user access audit' });
    expect(kinds(await search('quarterly'))).toEqual({});
    expect(kinds(await search('q1 user access'))).toMatchObject({ audit: ['Q1 user access audit'] });

    // Where fieldwork opens: AU-1 comes after AC-1, AC-1(1), AC-2, AC-3 in catalog order.
    expect(await ok('audits', 'scopePosition', { auditId: audit.id, controlId: control })).toEqual({ index: 4 });
    const scope = await ok<{ items: { controlId: string }[] }>('audits', 'scope', { auditId: audit.id });
    expect(scope.items[4].controlId).toBe(control);
  });

  it('refuses the position of a control outside the scope', async () => {
    const audit = await ok<{ id: string }>('audits', 'create', {
      title: 'Narrow',
      controlIds: [fw.controlIds[0]],
      windowStart: '2026-01-01',
      windowEnd: '2026-03-31',
    });
    const result = await core.router.call('audits', 'scopePosition', { auditId: audit.id, controlId: fw.controlIds[3] }, ctx);
    expect(result.ok ? 'ok' : result.error.code).toBe(ErrorCode.Conflict);
  });
});
