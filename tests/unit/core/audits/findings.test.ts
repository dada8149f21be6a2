/**
 * Findings through the real router: create on an audit or a control in its scope, edit and
 * move through remediation, filter, tombstone; refused inputs leave the replica as it was.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../../src-main/core/core';
import { ErrorCode } from '../../../../src-shared/errors';
import { snapshot } from '../../../support/db-snapshot';
import { tempDir } from '../../../support/temp-dir';
import { seedFramework, type SeededFramework } from './seed-controls';

let dir: ReturnType<typeof tempDir>;
let core: Core;
let fw: SeededFramework;
let auditId: string;
const ctx = { actor: 'auditor-1' };

async function ok<T = Record<string, unknown>>(ns: string, method: string, input: unknown): Promise<T> {
  const result = await core.router.call(ns, method, input, ctx);
  if (!result.ok) throw new Error(`${ns}.${method} failed: ${result.error.code} ${result.error.message}`);
  return result.value as T;
}

beforeEach(async () => {
  dir = tempDir();
  core = createCore({ dataDir: dir.path, log: { error: () => undefined } });
  fw = seedFramework(core.db);
  auditId = (
    await ok<{ id: string }>('audits', 'create', {
      title: 'ISO audit',
      controlIds: fw.controlIds.slice(0, 4),
      windowStart: '2026-01-01',
      windowEnd: '2026-03-31',
    })
  ).id;
});
afterEach(() => {
  core.close();
  dir.remove();
});

interface FindingOut {
  id: string;
  controlId: string | null;
  controlLabel: string | null;
  title: string;
  severity: string;
  status: string;
  owner: string;
  dueDate: string | null;
}

describe('findings', () => {
  it('creates, edits, filters and tombstones findings, each change in the outbox and trail', async () => {
    const high = await ok<FindingOut>('findings', 'create', {
      auditId,
      controlId: fw.controlIds[1],
      title: 'Admins without MFA',
      severity: 'high',
      owner: 'IT Ops',
      dueDate: '2026-04-30',
    });
    expect(high).toMatchObject({ controlLabel: 'AC-1(1)', status: 'open', owner: 'IT Ops', dueDate: '2026-04-30' });
    const low = await ok<FindingOut>('findings', 'create', { auditId, title: 'Policy typo', severity: 'low' });
    expect(low).toMatchObject({ controlId: null, controlLabel: null, dueDate: null, owner: '' });

    const edited = await ok<FindingOut>('findings', 'update', { id: high.id, status: 'in_remediation', dueDate: null });
    expect(edited).toMatchObject({ status: 'in_remediation', dueDate: null, title: 'Admins without MFA' });
    expect(await ok<FindingOut>('findings', 'get', { id: high.id })).toMatchObject({ status: 'in_remediation' });

    const all = await ok<{ items: FindingOut[]; total: number }>('findings', 'list', { auditId });
    expect(all.total).toBe(2);
    expect(all.items.map((f) => f.title)).toEqual(['Admins without MFA', 'Policy typo']); // by severity
    expect((await ok<{ items: FindingOut[] }>('findings', 'list', { severity: 'low' })).items.map((f) => f.id)).toEqual([low.id]);
    expect((await ok<{ items: FindingOut[] }>('findings', 'list', { status: 'in_remediation' })).items.map((f) => f.id)).toEqual([
      high.id,
    ]);
    expect(
      (await ok<{ items: FindingOut[] }>('findings', 'list', { controlId: fw.controlIds[1] })).items.map((f) => f.id),
    ).toEqual([high.id]);
    expect((await ok<{ total: number }>('findings', 'list', { status: 'closed' })).total).toBe(0);

    const scope = await ok<{ items: { controlId: string; findings: number }[] }>('audits', 'scope', { auditId });
    expect(scope.items.find((i) => i.controlId === fw.controlIds[1])?.findings).toBe(1);
    expect((await ok<{ progress: { openFindings: number } }>('audits', 'get', { id: auditId })).progress.openFindings).toBe(2);

    await ok('findings', 'delete', { id: low.id });
    expect((await ok<{ total: number }>('findings', 'list', { auditId })).total).toBe(1);
    expect((await core.router.call('findings', 'get', { id: low.id }, ctx)).ok).toBe(false);
    expect(core.db.prepare('SELECT count(*) FROM findings').pluck().get()).toBe(2); // tombstoned, not removed

    const ops = core.db.prepare("SELECT op FROM outbox WHERE table_name = 'findings' ORDER BY rowid").pluck().all();
    expect(ops).toEqual(['insert', 'insert', 'update', 'delete']);
    expect(core.db.prepare("SELECT count(*) FROM audit_events WHERE record_table = 'findings'").pluck().get()).toBe(4);

    // Findings of a deleted audit leave the lists.
    await ok('audits', 'delete', { id: auditId });
    expect((await ok<{ total: number }>('findings', 'list', {})).total).toBe(0);
  });

  it('refuses bad findings and changes nothing', async () => {
    const existing = await ok<FindingOut>('findings', 'create', { auditId, title: 'Existing', severity: 'medium' });
    const unknown = '6f1c1f55-2a7a-4a43-9a55-0d2b8b8b0c11';
    const cases: [string, string, Record<string, unknown>, string][] = [
      ['bad severity', 'create', { auditId, title: 'x', severity: 'urgent' }, ErrorCode.InvalidInput],
      ['no severity', 'create', { auditId, title: 'x' }, ErrorCode.InvalidInput],
      ['blank title', 'create', { auditId, title: ' ', severity: 'low' }, ErrorCode.InvalidInput],
      ['bad due date', 'create', { auditId, title: 'x', severity: 'low', dueDate: '31/12/2026' }, ErrorCode.InvalidInput],
      ['unknown audit', 'create', { auditId: unknown, title: 'x', severity: 'low' }, ErrorCode.NotFound],
      [
        'control outside scope',
        'create',
        { auditId, controlId: fw.controlIds[6], title: 'x', severity: 'low' },
        ErrorCode.Conflict,
      ],
      ['status on create', 'create', { auditId, title: 'x', severity: 'low', status: 'closed' }, ErrorCode.InvalidInput],
      ['bad status', 'update', { id: existing.id, status: 'fixed' }, ErrorCode.InvalidInput],
      ['unknown finding', 'update', { id: unknown, title: 'x' }, ErrorCode.NotFound],
      ['moving to another audit', 'update', { id: existing.id, auditId }, ErrorCode.InvalidInput],
      ['unknown delete', 'delete', { id: unknown }, ErrorCode.NotFound],
      ['huge page', 'list', { limit: 501 }, ErrorCode.InvalidInput],
    ];
    for (const [name, method, input, code] of cases) {
      const before = snapshot(core.db);
      const result = await core.router.call('findings', method, input, ctx);
      expect(result.ok ? 'ok' : result.error.code, name).toBe(code);
      expect(snapshot(core.db), name).toEqual(before);
    }

    await ok('audits', 'update', { id: auditId, status: 'closed' });
    const before = snapshot(core.db);
    for (const [method, input] of [
      ['update', { id: existing.id, status: 'closed' }],
      ['delete', { id: existing.id }],
    ] as const) {
      const result = await core.router.call('findings', method, input, ctx);
      expect(result.ok ? 'ok' : result.error.code).toBe(ErrorCode.Conflict);
    }
    expect(snapshot(core.db)).toEqual(before);
    // Reading a closed audit's findings still works.
    expect((await ok<{ total: number }>('findings', 'list', { auditId })).total).toBe(1);
  });
});
