/**
 * Catalog import through the real router against a real SQLite file: shipped baselines give
 * exactly their catalog's control count (counted here by walking the raw JSON), twice in a row
 * without writing anything the second time; malformed files are refused naming the JSON path
 * and change nothing.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../../src-main/core/core';
import { shippedFrameworksDir } from '../../../../src-main/core/frameworks/import-catalog';
import { ErrorCode } from '../../../../src-shared/errors';
import { snapshot } from '../../../support/db-snapshot';
import { tempDir } from '../../../support/temp-dir';

let dir: ReturnType<typeof tempDir>;
let core: Core;
const ctx = { actor: 'local' };
const FIXTURES = path.resolve(__dirname, '../../../fixtures/oscal');
const fixture = (name: string) => readFileSync(path.join(FIXTURES, name), 'utf8');

beforeEach(() => {
  dir = tempDir();
  core = createCore({ dataDir: dir.path, log: { error: () => {} } });
});
afterEach(() => {
  core.close();
  dir.remove();
});

async function call<T>(ns: string, method: string, input: unknown): Promise<T> {
  const result = await core.router.call(ns, method, input, ctx);
  if (!result.ok) throw Object.assign(new Error(result.error.message), { code: result.error.code });
  return result.value as T;
}
async function failure(ns: string, method: string, input: unknown) {
  const result = await core.router.call(ns, method, input, ctx);
  expect(result.ok).toBe(false);
  return (result as { ok: false; error: { code: string; message: string } }).error;
}

/** Independent count: every object in a `controls` array anywhere under catalog.groups / catalog.controls. */
function countRaw(json: { catalog: Record<string, unknown> }): number {
  const controls = (list: unknown): number =>
    Array.isArray(list) ? list.reduce((n, c) => n + 1 + controls((c as { controls?: unknown }).controls), 0) : 0;
  const groups = (list: unknown): number =>
    Array.isArray(list) ? list.reduce((n, g) => n + controls(g.controls) + groups(g.groups), 0) : 0;
  return controls(json.catalog.controls) + groups(json.catalog.groups);
}

const count = (sql: string, ...params: unknown[]) => (core.db.prepare(sql).get(...params) as { n: number }).n;

const SHIPPED = [
  ['nist-800-53r5-low', 'NIST_SP-800-53_rev5_LOW-baseline-resolved-profile_catalog.json'],
  ['nist-800-53r5-moderate', 'NIST_SP-800-53_rev5_MODERATE-baseline-resolved-profile_catalog.json'],
  ['nist-800-53r5-high', 'NIST_SP-800-53_rev5_HIGH-baseline-resolved-profile_catalog-min.json'],
  ['nist-800-53r5-privacy', 'NIST_SP-800-53_rev5_PRIVACY-baseline-resolved-profile_catalog.json'],
] as const;

describe('shipped baselines', () => {
  it.each(SHIPPED)('%s imports with its catalog control count, twice in a row', async (name, file) => {
    const raw = JSON.parse(readFileSync(path.join(shippedFrameworksDir(), file), 'utf8'));
    const expected = countRaw(raw);
    expect(expected).toBeGreaterThan(100);
    const enhancements =
      expected - raw.catalog.groups.reduce((n: number, g: { controls?: unknown[] }) => n + (g.controls?.length ?? 0), 0);
    expect(enhancements).toBeGreaterThan(0);

    const progress: { done: number; total: number }[] = [];
    core.onEvent((event, payload) => {
      if (event === 'job.progress') progress.push(payload as { done: number; total: number });
    });

    const first = await call<{ frameworkId: string; controls: number; created: boolean }>('frameworks', 'importShipped', {
      name,
      jobId: 'job-1',
    });
    expect(first).toMatchObject({ controls: expected, created: true });
    expect(count('SELECT count(*) AS n FROM controls WHERE framework_id = ? AND deleted_at IS NULL', first.frameworkId)).toBe(
      expected,
    );
    expect(count('SELECT count(*) AS n FROM controls WHERE framework_id = ? AND parent_id IS NOT NULL', first.frameworkId)).toBe(
      enhancements,
    );
    // Every inserted row is in the outbox and the trail (framework + controls).
    expect(count("SELECT count(*) AS n FROM outbox WHERE table_name = 'controls' AND op = 'insert'")).toBe(expected);
    expect(count("SELECT count(*) AS n FROM audit_events WHERE record_table = 'controls'")).toBe(expected);
    expect(progress.at(-1)).toEqual(expect.objectContaining({ jobId: 'job-1', done: expected, total: expected }));

    const outboxBefore = count('SELECT count(*) AS n FROM outbox');
    const trailBefore = count('SELECT count(*) AS n FROM audit_events');
    const dbBefore = snapshot(core.db);
    const second = await call<{ frameworkId: string; controls: number; created: boolean }>('frameworks', 'importShipped', {
      name,
    });
    expect(second).toEqual({ frameworkId: first.frameworkId, controls: expected, created: false });
    expect(count('SELECT count(*) AS n FROM outbox')).toBe(outboxBefore);
    expect(count('SELECT count(*) AS n FROM audit_events')).toBe(trailBefore);
    expect(snapshot(core.db)).toEqual(dbBefore);

    const shipped = await call<{ items: { name: string; controls: number; importedFrameworkId: string | null }[] }>(
      'frameworks',
      'listShipped',
      {},
    );
    expect(shipped.items.find((s) => s.name === name)).toMatchObject({
      controls: expected,
      importedFrameworkId: first.frameworkId,
    });
  });

  it('AC-2 of the LOW baseline reads as NIST writes it', async () => {
    const { frameworkId } = await call<{ frameworkId: string }>('frameworks', 'importShipped', { name: 'nist-800-53r5-low' });
    const list = await call<{ items: { id: string; label: string; groupTitle: string }[] }>('controls', 'list', {
      frameworkId,
      query: 'Account Management',
      limit: 5,
    });
    const ac2 = list.items.find((c) => c.label === 'AC-2')!;
    expect(ac2.groupTitle).toBe('Access Control');
    const control = await call<{ statement: string; guidance: string; params: { id: string }[]; enhancements: unknown[] }>(
      'controls',
      'get',
      { id: ac2.id },
    );
    expect(control.statement).toContain('a. Define and document the types of accounts');
    expect(control.statement).toContain('\n  1. Authorized users of the system;');
    expect(control.statement).toContain(
      'Require [Assignment: organization-defined prerequisites and criteria] for group and role membership;',
    );
    expect(control.statement).not.toContain('{{');
    expect(control.guidance.length).toBeGreaterThan(100);
    expect(control.params.map((p) => p.id)).toContain('ac-02_odp.01');
  });
});

describe('a hand-made catalog', () => {
  it('flattens nested groups, top-level controls, enhancements, parameters and withdrawn controls', async () => {
    const result = await call<{ frameworkId: string; controls: number }>('frameworks', 'importFile', {
      fileName: 'tiny.json',
      content: fixture('tiny-catalog.json'),
    });
    expect(result.controls).toBe(7);
    const all = await call<{
      items: { id: string; controlKey: string; label: string; groupTitle: string; parentId: string | null; status: string }[];
      total: number;
    }>('controls', 'list', { frameworkId: result.frameworkId });
    expect(all.items.map((c) => c.controlKey)).toEqual(['top-1', 'ac-1', 'ac-2', 'ac-2.1', 'ac-2.1.1', 'ac-2.2', 'in-1']);
    const byKey = Object.fromEntries(all.items.map((c) => [c.controlKey, c]));
    expect(byKey['ac-1']!.label).toBe('AC-1');
    expect(byKey['ac-2.1.1']!.parentId).toBe(byKey['ac-2.1']!.id);
    expect(byKey['in-1']!.groupTitle).toBe('Inner Family');
    expect(byKey['top-1']!.groupTitle).toBe('');
    expect(byKey['ac-2.2']!.status).toBe('not_applicable');

    const ac1 = await call<{ statement: string; guidance: string; params: unknown[] }>('controls', 'get', {
      id: byKey['ac-1']!.id,
    });
    expect(ac1.statement).toBe(
      'a. Develop, document, and disseminate to [Assignment: organization-defined personnel or roles]:\n' +
        '  1. [Selection (one or more): Organization-level; Mission/business process-level; System-level] access control policy; and\n' +
        '  2. Procedures to facilitate the implementation.\n' +
        'b. Designate an official to manage the policy.',
    );
    expect(ac1.guidance).toBe('Access control policy and procedures address the controls in the AC family.');
    expect(ac1.params).toEqual([
      {
        id: 'ac-01_odp.01',
        label: 'personnel or roles',
        guidelines: ['personnel or roles to whom the policy is disseminated is/are defined;'],
        values: [],
        select: null,
      },
      {
        id: 'ac-01_odp.02',
        label: '',
        guidelines: [],
        values: [],
        select: { howMany: 'one-or-more', choice: ['Organization-level', 'Mission/business process-level', 'System-level'] },
      },
    ]);
    const top = await call<{ statement: string }>('controls', 'get', { id: byKey['top-1']!.id });
    expect(top.statement).toBe('Keep an inventory of laptops, servers.');
    const withdrawn = await call<{ statement: string; justification: string }>('controls', 'get', { id: byKey['ac-2.2']!.id });
    expect(withdrawn.statement).toBe('Withdrawn: incorporated into AC-2.4.');
    expect(withdrawn.justification).toBe('Withdrawn from the catalog.');
  });

  it("re-import updates changed catalog text only and keeps the organization's fields", async () => {
    const { frameworkId } = await call<{ frameworkId: string }>('frameworks', 'importFile', {
      fileName: 'tiny.json',
      content: fixture('tiny-catalog.json'),
    });
    const ac2 = core.db.prepare("SELECT id FROM controls WHERE control_key = 'ac-2'").get() as { id: string };
    await call('controls', 'update', { id: ac2.id, status: 'implemented', owner: 'Dana', notes: 'Reviewed', justification: '' });

    const changed = JSON.parse(fixture('tiny-catalog.json'));
    changed.catalog.groups[0].controls[1].title = 'Account Management (revised)';
    const outboxBefore = count('SELECT count(*) AS n FROM outbox');
    const again = await call<{ frameworkId: string; created: boolean; controls: number }>('frameworks', 'importFile', {
      fileName: 'renamed.json',
      content: JSON.stringify(changed),
    });
    expect(again).toEqual({ frameworkId, created: false, controls: 7 });
    expect(count('SELECT count(*) AS n FROM outbox')).toBe(outboxBefore + 1);
    const row = await call('controls', 'get', { id: ac2.id });
    expect(row).toMatchObject({ title: 'Account Management (revised)', status: 'implemented', owner: 'Dana', notes: 'Reviewed' });
    expect(count('SELECT count(*) AS n FROM controls')).toBe(7);
  });

  it('imports 1,500 generated controls in one transaction and reports progress (time printed)', async () => {
    const groups = Array.from({ length: 20 }, (_, g) => ({
      id: `g${g}`,
      title: `Family ${g}`,
      controls: Array.from({ length: 25 }, (_, c) => ({
        id: `g${g}-${c}`,
        title: `Control ${g}.${c}`,
        parts: [
          { name: 'statement', prose: `Do thing ${c} of family ${g} with enough words to look like a control statement.` },
          { name: 'guidance', prose: 'Guidance text '.repeat(40) },
        ],
        controls: Array.from({ length: 2 }, (_, e) => ({
          id: `g${g}-${c}.${e}`,
          title: `Enhancement ${e}`,
          parts: [{ name: 'statement', prose: 'Enhance.' }],
        })),
      })),
    }));
    const doc = {
      catalog: {
        uuid: 'b4a2bd0e-0000-4000-8000-000000001500',
        metadata: { title: 'Generated', version: '1', 'oscal-version': '1.1.2' },
        groups,
      },
    };
    const progress: number[] = [];
    core.onEvent((event, payload) => event === 'job.progress' && progress.push((payload as { done: number }).done));
    const started = performance.now();
    const result = await call<{ controls: number }>('frameworks', 'importFile', {
      fileName: 'generated.json',
      content: JSON.stringify(doc),
    });
    const first = performance.now() - started;
    const again = performance.now();
    await call('frameworks', 'importFile', { fileName: 'generated.json', content: JSON.stringify(doc) });
    const second = performance.now() - again;
    console.log(`import of 1,500 controls: first ${first.toFixed(0)} ms, identical re-import ${second.toFixed(0)} ms`);
    expect(result.controls).toBe(1500);
    expect(progress.slice(0, 9)).toEqual([0, 200, 400, 600, 800, 1000, 1200, 1400, 1500]);
    expect(count("SELECT count(*) AS n FROM outbox WHERE table_name = 'controls'")).toBe(1500);
  });
});

describe('malformed files', () => {
  const cases: [string, string, RegExp][] = [
    ['not JSON', fixture('not-json.json'), /not JSON/],
    [
      'missing catalog',
      fixture('missing-catalog.json'),
      /^Not a valid OSCAL catalog: The “catalog” field is missing \(at catalog\)\.$/,
    ],
    [
      'a control without id',
      fixture('control-without-id.json'),
      /The “id” field .* \(at catalog\.groups\[0\]\.controls\[1\]\.id\)/,
    ],
    [
      'a wrong type deep inside',
      fixture('deep-wrong-type.json'),
      /The “prose” field must be text \(at catalog\.groups\[0\]\.controls\[1\]\.controls\[0\]\.parts\[0\]\.prose\)/,
    ],
    [
      'a duplicate control id',
      fixture('tiny-catalog.json').replace('"id": "in-1"', '"id": "ac-1"'),
      /catalog\.groups\[1\]\.groups\[0\]\.controls\[0\]\.id: duplicate control id "ac-1"/,
    ],
    [
      'an empty catalog',
      JSON.stringify({ catalog: { uuid: 'x', metadata: { title: 't', version: '1', 'oscal-version': '1' } } }),
      /no controls/,
    ],
  ];
  it.each(cases)('%s: INVALID_INPUT naming the path, nothing written', async (_name, content, message) => {
    await call('frameworks', 'importFile', { fileName: 'tiny.json', content: fixture('tiny-catalog.json') });
    const before = snapshot(core.db);
    const error = await failure('frameworks', 'importFile', { fileName: 'bad.json', content });
    expect(error.code).toBe(ErrorCode.InvalidInput);
    expect(error.message).toMatch(message);
    expect(snapshot(core.db)).toEqual(before);
  });

  it('a failure half-way through rolls the whole import back', async () => {
    const before = snapshot(core.db);
    // A valid document whose 3rd control cannot be stored (a trigger refuses it): nothing of it stays.
    core.db.exec(
      `CREATE TEMP TRIGGER fail_on_ac2 BEFORE INSERT ON controls WHEN new.control_key = 'ac-2' BEGIN SELECT RAISE(ABORT, 'boom'); END;`,
    );
    const result = await core.router.call(
      'frameworks',
      'importFile',
      { fileName: 'tiny.json', content: fixture('tiny-catalog.json') },
      ctx,
    );
    expect(result.ok).toBe(false);
    core.db.exec('DROP TRIGGER fail_on_ac2');
    expect(snapshot(core.db)).toEqual(before);
  });

  it.each([
    ['a path instead of a shipped name', { name: '../../etc/passwd' }],
    ['an unknown shipped name', { name: 'nist-800-53r5-ultra' }],
    ['an oversize file', { fileName: 'x.json', content: 'x'.repeat(50 * 1024 * 1024 + 1) }],
    ['an extra field', { name: 'nist-800-53r5-low', path: '/tmp/x.json' }],
  ])('%s is refused at the boundary', async (_name, input) => {
    const before = snapshot(core.db);
    const error = await failure('frameworks', 'content' in input ? 'importFile' : 'importShipped', input);
    expect(error.code).toBe(ErrorCode.InvalidInput);
    expect(snapshot(core.db)).toEqual(before);
  });
});

describe('delete', () => {
  it('tombstones the framework and its controls; a re-import makes a fresh framework', async () => {
    const { frameworkId } = await call<{ frameworkId: string }>('frameworks', 'importFile', {
      fileName: 'tiny.json',
      content: fixture('tiny-catalog.json'),
    });
    await call('frameworks', 'delete', { id: frameworkId });
    expect(count('SELECT count(*) AS n FROM controls WHERE deleted_at IS NULL')).toBe(0);
    expect(count("SELECT count(*) AS n FROM outbox WHERE op = 'delete'")).toBe(8);
    expect((await call<{ total: number }>('frameworks', 'list', {})).total).toBe(0);
    const again = await call<{ frameworkId: string; created: boolean }>('frameworks', 'importFile', {
      fileName: 'tiny.json',
      content: fixture('tiny-catalog.json'),
    });
    expect(again.created).toBe(true);
    expect(again.frameworkId).not.toBe(frameworkId);
  });
});
