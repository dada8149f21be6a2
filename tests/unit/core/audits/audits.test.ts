/**
 * Audits through the real router on a real SQLite file: scope by framework or chosen controls,
 * window and scope validation, result upserts with their outbox and trail entries, and the
 * rules that keep a closed audit and an out-of-scope control unchanged.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../../src-main/core/core';
import { ErrorCode } from '../../../../src-shared/errors';
import type { Result } from '../../../../src-shared/result';
import { snapshot } from '../../../support/db-snapshot';
import { tempDir } from '../../../support/temp-dir';
import { seedFramework, type SeededFramework } from './seed-controls';

let dir: ReturnType<typeof tempDir>;
let core: Core;
let fw: SeededFramework;
const ctx = { actor: 'auditor-1' };

beforeEach(() => {
  dir = tempDir();
  core = createCore({ dataDir: dir.path, log: { error: () => undefined } });
  fw = seedFramework(core.db);
});
afterEach(() => {
  core.close();
  dir.remove();
});

async function ok<T = Record<string, unknown>>(ns: string, method: string, input: unknown): Promise<T> {
  const result = await core.router.call(ns, method, input, ctx);
  if (!result.ok) throw new Error(`${ns}.${method} failed: ${result.error.code} ${result.error.message}`);
  return result.value as T;
}
const call = (ns: string, method: string, input: unknown) => core.router.call(ns, method, input, ctx) as Promise<Result<unknown>>;

const window = { windowStart: '2026-01-01', windowEnd: '2026-06-30' };
const createFrameworkAudit = () =>
  ok<{ id: string; status: string }>('audits', 'create', {
    title: 'SOC 2 Type II 2026',
    frameworkId: fw.frameworkId,
    ...window,
    auditors: ['Ana', 'Ben'],
  });

describe('audits.create', () => {
  it('scopes a framework audit to every live control of the framework, enhancements included', async () => {
    const audit = await createFrameworkAudit();
    expect(audit.status).toBe('planned');
    const live = core.db
      .prepare('SELECT count(*) FROM controls WHERE framework_id = ? AND deleted_at IS NULL')
      .pluck()
      .get(fw.frameworkId);
    expect(live).toBe(8);
    const scope = await ok<{ items: { controlId: string; label: string; result: null }[]; total: number }>('audits', 'scope', {
      auditId: audit.id,
    });
    expect(scope.total).toBe(live);
    expect(scope.items.map((i) => i.controlId)).toEqual(fw.controlIds);
    expect(scope.items.map((i) => i.label).slice(0, 3)).toEqual(['AC-1', 'AC-1(1)', 'AC-2']);
    expect(scope.items.every((i) => i.result === null)).toBe(true);
    expect(scope.items.map((i) => i.controlId)).not.toContain(fw.deletedControlId);

    const rows = core.db.prepare('SELECT org_id, updated_by FROM audit_scope WHERE audit_id = ?').all(audit.id) as {
      org_id: string;
      updated_by: string;
    }[];
    expect(rows).toHaveLength(8);
    expect(rows.every((r) => r.updated_by === 'auditor-1')).toBe(true);
    // Every scope row and the audit itself reached the outbox and the trail in the same transaction.
    const outbox = core.db
      .prepare(
        "SELECT table_name, count(*) AS n FROM outbox WHERE table_name IN ('audits', 'audit_scope') GROUP BY table_name ORDER BY table_name",
      )
      .all();
    expect(outbox).toEqual([
      { table_name: 'audit_scope', n: 8 },
      { table_name: 'audits', n: 1 },
    ]);
    expect(core.db.prepare("SELECT count(*) FROM audit_events WHERE record_table = 'audit_scope'").pluck().get()).toBe(8);

    const got = await ok<{ auditors: string[]; frameworkTitle: string; progress: Record<string, number> }>('audits', 'get', {
      id: audit.id,
    });
    expect(got.auditors).toEqual(['Ana', 'Ben']);
    expect(got.frameworkTitle).toBe('NIST SP 800-53 LOW');
    expect(got.progress).toEqual({ inScope: 8, tested: 0, failed: 0, openFindings: 0 });
  });

  it('scopes an audit to chosen controls, once each', async () => {
    const chosen = [fw.controlIds[3], fw.controlIds[0], fw.controlIds[3]];
    const audit = await ok<{ id: string; frameworkId: null }>('audits', 'create', {
      title: 'Access review',
      controlIds: chosen,
      ...window,
    });
    expect(audit.frameworkId).toBeNull();
    const scope = await ok<{ items: { controlId: string }[]; total: number }>('audits', 'scope', { auditId: audit.id });
    expect(scope.total).toBe(2);
    expect(scope.items.map((i) => i.controlId)).toEqual([fw.controlIds[0], fw.controlIds[3]]);
  });

  const bad: [string, Record<string, unknown>, string, RegExp][] = [
    [
      'window ends before it starts',
      { windowStart: '2026-07-01', windowEnd: '2026-06-30' },
      ErrorCode.InvalidInput,
      /window must start on or before its end/,
    ],
    [
      'not a date',
      { windowStart: '2026-02-30' },
      ErrorCode.InvalidInput,
      /^The start of the observation window must be a date \(YYYY-MM-DD\)\.$/,
    ],
    ['both scopes', { controlIds: ['CONTROL0'] }, ErrorCode.InvalidInput, /not both/],
    ['no scope', { frameworkId: undefined }, ErrorCode.InvalidInput, /needs a scope/],
    ['empty chosen controls', { frameworkId: undefined, controlIds: [] }, ErrorCode.InvalidInput, /needs a scope/],
    ['unknown framework', { frameworkId: '6f1c1f55-2a7a-4a43-9a55-0d2b8b8b0c11' }, ErrorCode.NotFound, /No framework/],
    [
      'unknown control',
      { frameworkId: undefined, controlIds: ['6f1c1f55-2a7a-4a43-9a55-0d2b8b8b0c11'] },
      ErrorCode.NotFound,
      /No control/,
    ],
    ['deleted control', { frameworkId: undefined, controlIds: ['DELETED'] }, ErrorCode.NotFound, /No control/],
    ['blank title', { title: '  ' }, ErrorCode.InvalidInput, /title/],
    ['too many auditors', { auditors: Array.from({ length: 51 }, (_, i) => `a${i}`) }, ErrorCode.InvalidInput, /auditors/],
    ['extra field', { status: 'closed' }, ErrorCode.InvalidInput, /status/],
  ];
  it.each(bad.map(([name, patch, code, message]) => ({ name, patch, code, message })))(
    'refuses $name and changes nothing',
    async ({ patch, code, message }) => {
      const input: Record<string, unknown> = { title: 'Bad', frameworkId: fw.frameworkId, ...window, ...patch };
      if (Array.isArray(input.controlIds)) {
        input.controlIds = input.controlIds.map((id) =>
          id === 'CONTROL0' ? fw.controlIds[0] : id === 'DELETED' ? fw.deletedControlId : id,
        );
      }
      for (const key of Object.keys(input)) if (input[key] === undefined) delete input[key];
      const before = snapshot(core.db);
      const result = await call('audits', 'create', input);
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(result.error.code).toBe(code);
        expect(result.error.message).toMatch(message);
      }
      expect(snapshot(core.db)).toEqual(before);
    },
  );
});

describe('audits.recordResult', () => {
  it('refuses results and notes while the audit is planned, saying how to start fieldwork, and changes nothing', async () => {
    const audit = await createFrameworkAudit();
    const before = snapshot(core.db);
    for (const input of [
      { auditId: audit.id, controlId: fw.controlIds[0], result: 'pass' },
      { auditId: audit.id, controlId: fw.controlIds[0], notes: 'Sampled 25 accounts' },
    ]) {
      const result = await call('audits', 'recordResult', input);
      expect(result.ok ? 'ok' : result.error.code).toBe(ErrorCode.Conflict);
      if (!result.ok)
        expect(result.error.message).toBe(
          'The audit “SOC 2 Type II 2026” is still planned: start fieldwork (set its status to Fieldwork) before recording results or notes.',
        );
    }
    expect(snapshot(core.db)).toEqual(before);
    await ok('audits', 'update', { id: audit.id, status: 'fieldwork' });
    await expect(
      ok('audits', 'recordResult', { auditId: audit.id, controlId: fw.controlIds[0], result: 'pass' }),
    ).resolves.toMatchObject({
      result: 'pass',
    });
  });

  it('upserts one result per control in fieldwork, with outbox and trail entries', async () => {
    const audit = await createFrameworkAudit();
    await ok('audits', 'update', { id: audit.id, status: 'fieldwork' });
    const controlId = fw.controlIds[1];
    const first = await ok<{ id: string; result: string; notes: string }>('audits', 'recordResult', {
      auditId: audit.id,
      controlId,
      result: 'pass',
    });
    expect(first).toMatchObject({ result: 'pass', notes: '' });
    const second = await ok<{ id: string; result: string; notes: string }>('audits', 'recordResult', {
      auditId: audit.id,
      controlId,
      result: 'fail',
      notes: 'MFA not enforced for admins',
    });
    expect(second.id).toBe(first.id);
    // Notes alone keep the recorded result.
    const third = await ok<{ result: string; notes: string }>('audits', 'recordResult', {
      auditId: audit.id,
      controlId,
      notes: 'Retested: still failing',
    });
    expect(third).toMatchObject({ result: 'fail', notes: 'Retested: still failing' });

    expect(core.db.prepare('SELECT count(*) FROM audit_results WHERE audit_id = ?').pluck().get(audit.id)).toBe(1);
    const outbox = core.db.prepare("SELECT op, patch FROM outbox WHERE table_name = 'audit_results' ORDER BY rowid").all() as {
      op: string;
      patch: string;
    }[];
    expect(outbox.map((o) => o.op)).toEqual(['insert', 'update', 'update']);
    expect(JSON.parse(outbox[1].patch)).toEqual({ result: 'fail', notes: 'MFA not enforced for admins' });
    const trail = core.db
      .prepare(
        "SELECT action, actor, before, after FROM audit_events WHERE record_table = 'audit_results' AND record_id = ? ORDER BY seq",
      )
      .all(first.id) as { action: string; actor: string; before: string | null; after: string }[];
    expect(trail.map((t) => t.action)).toEqual(['create', 'update', 'update']);
    expect(trail.every((t) => t.actor === 'auditor-1')).toBe(true);
    expect(JSON.parse(trail[1].before ?? '{}')).toMatchObject({ result: 'pass' });

    // The same result again is not a change: no new outbox entry.
    const pending = core.db.prepare('SELECT count(*) FROM outbox').pluck().get();
    await ok('audits', 'recordResult', { auditId: audit.id, controlId, result: 'fail' });
    expect(core.db.prepare('SELECT count(*) FROM outbox').pluck().get()).toBe(pending);

    const summary = await ok<{ status: string; progress: Record<string, number> }>('audits', 'get', { id: audit.id });
    expect(summary.status).toBe('fieldwork');
    expect(summary.progress).toMatchObject({ inScope: 8, tested: 1, failed: 1 });

    const scope = await ok<{ items: { controlId: string; result: string | null; notes: string }[] }>('audits', 'scope', {
      auditId: audit.id,
      result: 'fail',
    });
    expect(scope.items).toEqual([expect.objectContaining({ controlId, result: 'fail', notes: 'Retested: still failing' })]);
    const untested = await ok<{ total: number }>('audits', 'scope', { auditId: audit.id, result: 'untested' });
    expect(untested.total).toBe(7);
    const searched = await ok<{ items: { label: string }[] }>('audits', 'scope', { auditId: audit.id, query: 'enhancement' });
    expect(searched.items.map((i) => i.label)).toEqual(['AC-1(1)', 'AU-1(1)']);

    const detail = await ok<{ statement: string; result: string; resultUpdatedBy: string }>('audits', 'scopeControl', {
      auditId: audit.id,
      controlId,
    });
    expect(detail).toMatchObject({ statement: 'Automated support.', result: 'fail', resultUpdatedBy: 'auditor-1' });
  });

  it('refuses a control outside the scope, an unknown control and a closed audit, changing nothing', async () => {
    const audit = await ok<{ id: string }>('audits', 'create', { title: 'Narrow', controlIds: [fw.controlIds[0]], ...window });
    await ok('audits', 'update', { id: audit.id, status: 'fieldwork' });
    await ok('audits', 'recordResult', { auditId: audit.id, controlId: fw.controlIds[0], result: 'pass' });
    const cases: [Record<string, unknown>, string][] = [
      [{ auditId: audit.id, controlId: fw.controlIds[2], result: 'pass' }, ErrorCode.Conflict],
      [{ auditId: audit.id, controlId: '6f1c1f55-2a7a-4a43-9a55-0d2b8b8b0c11', result: 'pass' }, ErrorCode.NotFound],
      [{ auditId: '6f1c1f55-2a7a-4a43-9a55-0d2b8b8b0c11', controlId: fw.controlIds[0], result: 'pass' }, ErrorCode.NotFound],
      [{ auditId: audit.id, controlId: fw.controlIds[0], result: 'passed' }, ErrorCode.InvalidInput],
      [{ auditId: audit.id, controlId: fw.controlIds[0] }, ErrorCode.InvalidInput],
      [{ auditId: audit.id, controlId: fw.controlIds[0], notes: 'x'.repeat(20_001) }, ErrorCode.InvalidInput],
    ];
    for (const [input, code] of cases) {
      const before = snapshot(core.db);
      const result = await call('audits', 'recordResult', input);
      expect(result.ok ? 'ok' : result.error.code, JSON.stringify(input).slice(0, 120)).toBe(code);
      expect(snapshot(core.db)).toEqual(before);
    }
    expect((await call('audits', 'scopeControl', { auditId: audit.id, controlId: fw.controlIds[2] })).ok).toBe(false);

    await ok('audits', 'update', { id: audit.id, status: 'closed' });
    const before = snapshot(core.db);
    for (const [ns, method, input] of [
      ['audits', 'recordResult', { auditId: audit.id, controlId: fw.controlIds[0], result: 'fail' }],
      ['findings', 'create', { auditId: audit.id, title: 'Late finding', severity: 'low' }],
      ['audits', 'update', { id: audit.id, status: 'fieldwork' }],
      ['audits', 'update', { id: audit.id, title: 'Renamed' }],
    ] as const) {
      const result = await call(ns, method, input);
      expect(result.ok ? 'ok' : result.error.code).toBe(ErrorCode.Conflict);
      if (!result.ok) expect(result.error.message).toMatch(/closed/);
    }
    expect(snapshot(core.db)).toEqual(before);
  });
});

describe('audits.update, list, delete and the pickers', () => {
  it('edits the window, auditors and status, refuses a reversed window, lists with progress, tombstones', async () => {
    const audit = await createFrameworkAudit();
    const updated = await ok<{ windowEnd: string; auditors: string[]; status: string }>('audits', 'update', {
      id: audit.id,
      windowEnd: '2026-12-31',
      auditors: ['Ana', ' Ana ', 'Chris'],
      status: 'fieldwork',
    });
    expect(updated).toMatchObject({ windowEnd: '2026-12-31', auditors: ['Ana', 'Chris'], status: 'fieldwork' });

    const before = snapshot(core.db);
    const reversed = await call('audits', 'update', { id: audit.id, windowStart: '2027-01-01' });
    expect(reversed.ok ? 'ok' : reversed.error.code).toBe(ErrorCode.InvalidInput);
    if (!reversed.ok) expect(reversed.error.message).toMatch(/2027-01-01 is after 2026-12-31/);
    expect((await call('audits', 'update', { id: audit.id, status: 'done' })).ok).toBe(false);
    expect(snapshot(core.db)).toEqual(before);

    const other = await ok<{ id: string }>('audits', 'create', {
      title: 'Narrow',
      controlIds: [fw.controlIds[0]],
      windowStart: '2025-01-01',
      windowEnd: '2025-03-31',
    });
    const list = await ok<{ items: { id: string; progress: { inScope: number } }[]; total: number }>('audits', 'list', {
      limit: 1,
    });
    expect(list.total).toBe(2);
    expect(list.items).toHaveLength(1);
    expect(list.items[0]).toMatchObject({ id: audit.id, progress: { inScope: 8 } });
    const page2 = await ok<{ items: { id: string }[] }>('audits', 'list', { offset: 1, limit: 1 });
    expect(page2.items.map((i) => i.id)).toEqual([other.id]);
    expect((await ok<{ total: number }>('audits', 'list', { status: 'fieldwork' })).total).toBe(1);

    await ok('audits', 'delete', { id: audit.id });
    expect(core.db.prepare('SELECT deleted_at IS NOT NULL FROM audits WHERE id = ?').pluck().get(audit.id)).toBe(1);
    expect((await ok<{ total: number }>('audits', 'list', {})).total).toBe(1);
    expect((await call('audits', 'get', { id: audit.id })).ok).toBe(false);
    expect(core.db.prepare('SELECT op FROM outbox WHERE record_id = ? ORDER BY rowid DESC LIMIT 1').pluck().get(audit.id)).toBe(
      'delete',
    );
  });

  it('offers frameworks with their control counts and finds controls by words', async () => {
    const options = await ok<{ items: { id: string; title: string; controls: number }[] }>('audits', 'frameworkOptions', {});
    expect(options.items).toEqual([{ id: fw.frameworkId, title: 'NIST SP 800-53 LOW', version: '5.1', controls: 8 }]);
    const found = await ok<{ items: { id: string; label: string; frameworkTitle: string }[]; total: number }>(
      'audits',
      'searchControls',
      { query: 'AU control' },
    );
    expect(found.items.map((i) => i.label).sort()).toEqual(['AU-1', 'AU-2', 'AU-3']);
    expect(found.items[0].frameworkTitle).toBe('NIST SP 800-53 LOW');
    expect((await ok<{ total: number }>('audits', 'searchControls', { query: 'withdrawn' })).total).toBe(0);
    expect((await ok<{ total: number }>('audits', 'searchControls', { query: '"*) NEAR(' })).total).toBe(0);
  });
});
