/**
 * A page of the evidence list reads fewer columns than a record has (not the capture's
 * signature): each listed item must still be the record, field for field, as add and get answer
 * it, through the real router on a real SQLite file, expiry worked out against the same day.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../../src-main/core/core';
import type { Evidence, EvidenceDetail } from '../../../../src-shared/domain/evidence';
import type { Result } from '../../../../src-shared/result';
import { stagedId } from '../../../support/staged-file';
import { tempDir } from '../../../support/temp-dir';

let dir: ReturnType<typeof tempDir>;
let core: Core;
let tick = 0;
const ctx = { actor: 'local' };
const NOW = Date.parse('2026-03-15T10:00:00.000Z');

async function ok<T>(ns: string, method: string, input: unknown): Promise<T> {
  const result: Result<unknown> = await core.router.call(ns, method, input, ctx);
  if (!result.ok) throw new Error(`${ns}.${method}: ${result.error.code}: ${result.error.message}`);
  return result.value as T;
}

function seedControl(): string {
  const at = new Date(NOW).toISOString();
  const frameworkId = randomUUID();
  core.db
    .prepare(
      `INSERT INTO frameworks (id, org_id, title, source_uuid, created_at, updated_at, updated_by) VALUES (?, ?, 'NIST', ?, ?, ?, 'local')`,
    )
    .run(frameworkId, core.deps.orgId, randomUUID(), at, at);
  const id = randomUUID();
  core.db
    .prepare(
      `INSERT INTO controls (id, org_id, framework_id, control_key, label, title, sort_key, created_at, updated_at, updated_by)
       VALUES (?, ?, ?, 'ac-2', 'AC-2', 'Account Management', '0', ?, ?, 'local')`,
    )
    .run(id, core.deps.orgId, frameworkId, at, at);
  return id;
}

beforeEach(() => {
  dir = tempDir();
  tick = 0;
  // Each write a second later, so the list's newest-first order is the order of adding.
  core = createCore({ dataDir: dir.path, now: () => new Date(NOW + tick++ * 1000).toISOString(), log: { error: () => {} } });
});
afterEach(() => {
  core.close();
  dir.remove();
});

describe('evidence list items', () => {
  it('are the records as add and get answer them, every field, in an audit or not', async () => {
    const control = seedControl();
    const audit = await ok<{ id: string }>('audits', 'create', {
      title: 'SOC 2 2026',
      windowStart: '2026-01-01',
      windowEnd: '2026-06-30',
      controlIds: [control],
    });
    const inputs = [
      { title: 'Expired by date', description: 'Okta export', asOfDate: '2026-01-10', expiresOn: '2026-03-01' },
      { title: 'Renewed weekly', asOfDate: '2026-03-10', renewalDays: 7, controlIds: [control] },
      { title: 'Both, renewal first', asOfDate: '2026-03-01', expiresOn: '2026-12-31', renewalDays: 30, auditId: audit.id },
      { title: 'Never expires', description: 'Board minutes', asOfDate: '2025-12-01' },
    ];
    const added: Evidence[] = [];
    for (const [i, input] of inputs.entries()) {
      added.push(
        await ok<Evidence>('evidence', 'add', { ...input, stagedFileId: await stagedId(core, `file ${i}`, `f-${i}.txt`) }),
      );
    }

    const listed = await ok<{ items: Evidence[]; total: number }>('evidence', 'list', {});
    expect(listed.total).toBe(inputs.length);
    expect(listed.items).toEqual([...added].reverse());
    for (const item of listed.items) {
      const { controls: _controls, capture: _capture, ...record } = await ok<EvidenceDetail>('evidence', 'get', { id: item.id });
      expect(item).toEqual(record);
    }
    // The facts the list works out per row, against the day of the call.
    expect(
      listed.items.map(({ expired, effectiveExpiry, expiresInDays }) => ({ expired, effectiveExpiry, expiresInDays })),
    ).toEqual([
      { expired: false, effectiveExpiry: null, expiresInDays: null },
      { expired: false, effectiveExpiry: '2026-03-31', expiresInDays: 16 },
      { expired: false, effectiveExpiry: '2026-03-17', expiresInDays: 2 },
      { expired: true, effectiveExpiry: '2026-03-01', expiresInDays: -14 },
    ]);
    expect(listed.items[1]).toMatchObject({ auditId: audit.id, controlIds: [] });
    expect(listed.items[2]).toMatchObject({ auditId: null, controlIds: [control] });
  });
});
