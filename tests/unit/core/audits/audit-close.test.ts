/**
 * Closing and reopening an audit through the real router: the closing check names what is
 * untested and which findings are open; a closed audit reopens only with a reason, which the
 * audit trail keeps with the change.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../../src-main/core/core';
import { tempDir } from '../../../support/temp-dir';
import { seedFramework, type SeededFramework } from './seed-controls';

let dir: ReturnType<typeof tempDir>;
let core: Core;
let fw: SeededFramework;

beforeEach(() => {
  dir = tempDir();
  core = createCore({ dataDir: dir.path, log: { error: () => undefined } });
  fw = seedFramework(core.db);
});
afterEach(() => {
  core.close();
  dir.remove();
});

async function ok<T = Record<string, unknown>>(ns: string, method: string, input: unknown, actor = 'Ana Auditor'): Promise<T> {
  const result = await core.router.call(ns, method, input, { actor });
  if (!result.ok) throw new Error(`${ns}.${method} failed: ${result.error.code} ${result.error.message}`);
  return result.value as T;
}
async function fails(ns: string, method: string, input: unknown) {
  const result = await core.router.call(ns, method, input, { actor: 'Ana Auditor' });
  if (result.ok) throw new Error(`${ns}.${method} was expected to fail`);
  return result.error;
}

async function auditWithWork() {
  const audit = await ok<{ id: string }>('audits', 'create', {
    title: 'SOC 2 2026',
    frameworkId: fw.frameworkId,
    windowStart: '2026-01-01',
    windowEnd: '2026-06-30',
  });
  await ok('audits', 'update', { id: audit.id, status: 'fieldwork' });
  await ok('audits', 'recordResult', { auditId: audit.id, controlId: fw.controlIds[0], result: 'pass' });
  await ok('audits', 'recordResult', { auditId: audit.id, controlId: fw.controlIds[1], result: 'not_tested' });
  await ok('findings', 'create', { auditId: audit.id, controlId: fw.controlIds[0], title: 'Stale accounts', severity: 'high' });
  const done = await ok<{ id: string }>('findings', 'create', { auditId: audit.id, title: 'Typo', severity: 'low' });
  await ok('findings', 'update', { id: done.id, status: 'closed' });
  return audit.id;
}

describe('audits.closingCheck', () => {
  it('names the untested controls (no result or "not tested") and the open findings', async () => {
    const id = await auditWithWork();
    const check = await ok<{
      inScope: number;
      untested: { total: number; items: { controlId: string }[] };
      openFindings: { title: string; severity: string; controlLabel: string | null }[];
    }>('audits', 'closingCheck', { id });
    expect(check.inScope).toBe(fw.controlIds.length);
    expect(check.untested.total).toBe(fw.controlIds.length - 1);
    expect(check.untested.items.map((i) => i.controlId)).toEqual(fw.controlIds.slice(1));
    expect(check.openFindings).toEqual([expect.objectContaining({ title: 'Stale accounts', severity: 'high', status: 'open' })]);
    expect(check.openFindings[0].controlLabel).not.toBeNull();
  });
});

describe('audits.reopen', () => {
  it('reopens a closed audit into reporting, with the reason in the trail', async () => {
    const id = await auditWithWork();
    await ok('audits', 'update', { id, status: 'closed' });
    const reopened = await ok<{ status: string; reopenReason: string }>(
      'audits',
      'reopen',
      { id, reason: 'Evidence for AC-2 arrived after sign-off.' },
      'Olga Owner',
    );
    expect(reopened).toMatchObject({ status: 'reporting', reopenReason: 'Evidence for AC-2 arrived after sign-off.' });
    const trail = await ok<{ events: { actor: string; changes: { field: string; before: unknown; after: unknown }[] }[] }>(
      'trail',
      'forRecord',
      { table: 'audits', id },
    );
    expect(trail.events[0].actor).toBe('Olga Owner');
    expect(trail.events[0].changes).toEqual(
      expect.arrayContaining([
        { field: 'status', before: 'closed', after: 'reporting' },
        { field: 'reopen_reason', before: null, after: 'Evidence for AC-2 arrived after sign-off.' },
      ]),
    );
    // Fieldwork can go on again.
    await ok('audits', 'recordResult', { auditId: id, controlId: fw.controlIds[2], result: 'fail' });
  });

  it('refuses without a reason, or when the audit is not closed, and changes nothing', async () => {
    const id = await auditWithWork();
    await ok('audits', 'update', { id, status: 'closed' });
    const before = core.db.prepare('SELECT * FROM audits WHERE id = ?').get(id);
    const blank = await fails('audits', 'reopen', { id, reason: '   ' });
    expect(blank.code).toBe('INVALID_INPUT');
    expect(blank.message).toBe('Say why the audit is reopened: the reason is kept in the audit trail.');
    expect(core.db.prepare('SELECT * FROM audits WHERE id = ?').get(id)).toEqual(before);

    await ok('audits', 'reopen', { id, reason: 'Late evidence.' });
    const again = await fails('audits', 'reopen', { id, reason: 'Twice.' });
    expect(again).toEqual({ code: 'CONFLICT', message: 'The audit “SOC 2 2026” is not closed, so there is nothing to reopen.' });
  });
});
