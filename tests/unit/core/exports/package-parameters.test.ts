/**
 * The audit package carries the organization-defined parameter values of each control in scope
 * (results.json and results.csv), read from the control's shared implementation.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../../src-main/core/core';
import type { AuditPackageOutput } from '../../../../src-shared/domain/export';
import { tempDir } from '../../../support/temp-dir';
import { seedAudit } from '../dashboard/seed';
import { readZip } from './zip-util';

let dir: ReturnType<typeof tempDir>;
let core: Core;
const ctx = { actor: 'local' };

async function call<T>(ns: string, method: string, input: unknown): Promise<T> {
  const result = await core.router.call(ns, method, input, ctx);
  if (!result.ok) throw new Error(result.error.message);
  return result.value as T;
}

beforeEach(() => {
  dir = tempDir();
  core = createCore({ dataDir: dir.path, now: () => '2026-03-10T09:30:05.000Z', log: { error: () => undefined } });
});
afterEach(() => {
  core.close();
  dir.remove();
});

describe('parameter values in the audit package', () => {
  it('are listed per control in results.json and results.csv', async () => {
    const { frameworkId } = await call<{ frameworkId: string }>('frameworks', 'importShipped', { name: 'nist-800-53r5-low' });
    const idOf = (key: string) =>
      (
        core.db.prepare('SELECT id FROM controls WHERE framework_id = ? AND control_key = ?').get(frameworkId, key) as {
          id: string;
        }
      ).id;
    await call('controls', 'update', {
      id: idOf('ac-2'),
      paramValues: { 'ac-02_odp.01': 'manager approval', 'ac-02_odp.02': 'role, team; "department"' },
    });
    const audit = seedAudit(core, { title: 'Q1 access review', frameworkId, scope: [idOf('ac-2'), idOf('ac-3')] });

    const out = await call<AuditPackageOutput>('exports', 'auditPackage', { auditId: audit });
    const files = await readZip(out.path);
    const results = JSON.parse(files.get('results.json')!.toString()) as { controlKey: string; parameters: unknown }[];
    expect(results.map((r) => [r.controlKey, r.parameters])).toEqual([
      ['ac-2', { 'ac-02_odp.01': 'manager approval', 'ac-02_odp.02': 'role, team; "department"' }],
      ['ac-3', {}],
    ]);
    const csv = files.get('results.csv')!.toString();
    expect(csv.split(/\r?\n/)[0]).toMatch(/,parameters$/);
    expect(csv).toContain('"ac-02_odp.01 = manager approval; ac-02_odp.02 = role, team; ""department"""');
  });
});
