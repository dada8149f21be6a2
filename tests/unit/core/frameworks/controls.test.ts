/**
 * Controls through the real router: status and justification rules, paging and search, linked
 * policies and evidence, and readiness computed from controls and evidence inserted by SQL.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../../src-main/core/core';
import { frameworkReadiness } from '../../../../src-main/core/frameworks/readiness';
import { LOCAL_ORG_ID } from '../../../../src-shared/domain/common';
import { ErrorCode } from '../../../../src-shared/errors';
import { snapshot } from '../../../support/db-snapshot';
import { tempDir } from '../../../support/temp-dir';

let dir: ReturnType<typeof tempDir>;
let core: Core;
let frameworkId: string;
const ctx = { actor: 'local' };
const NOW = '2026-03-15T10:00:00.000Z';
const tiny = readFileSync(path.resolve(__dirname, '../../../fixtures/oscal/tiny-catalog.json'), 'utf8');

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
/** The control's implementation (shared by the catalog's baselines): where its fields live. */
const implementationIdOf = (key: string) =>
  (core.db.prepare('SELECT id FROM control_implementations WHERE control_key = ?').get(key) as { id: string }).id;
const idOf = (key: string) =>
  (core.db.prepare('SELECT id FROM controls WHERE control_key = ? AND framework_id = ?').get(key, frameworkId) as { id: string })
    .id;

beforeEach(async () => {
  dir = tempDir();
  core = createCore({ dataDir: dir.path, log: { error: () => {} }, now: () => NOW });
  frameworkId = (await call<{ frameworkId: string }>('frameworks', 'importFile', { fileName: 'tiny.json', content: tiny }))
    .frameworkId;
});
afterEach(() => {
  core.close();
  dir.remove();
});

describe('controls.update', () => {
  it('records status, owner and notes of the implementation through the outbox and the trail', async () => {
    const id = implementationIdOf('ac-1');
    const control = await call<{ status: string; owner: string; notes: string }>('controls', 'update', {
      id: idOf('ac-1'),
      status: 'implemented',
      owner: 'Dana Reyes',
      notes: 'Policy v2 adopted',
    });
    expect(control).toMatchObject({ status: 'implemented', owner: 'Dana Reyes', notes: 'Policy v2 adopted' });
    const outbox = core.db.prepare("SELECT op, patch FROM outbox WHERE record_id = ? AND op = 'update'").all(id) as {
      op: string;
      patch: string;
    }[];
    expect(outbox).toHaveLength(1);
    expect(JSON.parse(outbox[0]!.patch)).toEqual({ status: 'implemented', owner: 'Dana Reyes', notes: 'Policy v2 adopted' });
    const trail = core.db
      .prepare(
        "SELECT action, actor, after FROM audit_events WHERE record_table = 'control_implementations' AND record_id = ? ORDER BY seq",
      )
      .all(id) as { action: string; actor: string; after: string }[];
    expect(trail.map((e) => e.action)).toEqual(['create', 'update']);
    expect(JSON.parse(trail[1]!.after)).toMatchObject({ status: 'implemented', owner: 'Dana Reyes' });
  });

  it('not applicable needs a justification, and the justification cannot be cleared while it is', async () => {
    const id = idOf('ac-1');
    let before = snapshot(core.db);
    let error = await failure('controls', 'update', { id, status: 'not_applicable' });
    expect(error.code).toBe(ErrorCode.InvalidInput);
    expect(error.message).toMatch(/justification/);
    error = await failure('controls', 'update', { id, status: 'not_applicable', justification: '   ' });
    expect(error.code).toBe(ErrorCode.InvalidInput);
    expect(snapshot(core.db)).toEqual(before);

    await call('controls', 'update', { id, status: 'not_applicable', justification: 'No system of this kind' });
    before = snapshot(core.db);
    error = await failure('controls', 'update', { id, justification: '' });
    expect(error.code).toBe(ErrorCode.InvalidInput);
    expect(snapshot(core.db)).toEqual(before);
    // Moving away from not applicable lets the justification go.
    const back = await call<{ status: string; justification: string }>('controls', 'update', {
      id,
      status: 'in_progress',
      justification: '',
    });
    expect(back).toMatchObject({ status: 'in_progress', justification: '' });
  });

  it.each([
    ['unknown status', { status: 'done' }, ErrorCode.InvalidInput],
    ['extra field', { title: 'renamed' }, ErrorCode.InvalidInput],
    ['owner too long', { owner: 'x'.repeat(201) }, ErrorCode.InvalidInput],
    ['unknown control', { id: randomUUID(), status: 'implemented' }, ErrorCode.NotFound],
  ])('%s is refused and changes nothing', async (_name, patch, code) => {
    const before = snapshot(core.db);
    const error = await failure('controls', 'update', { id: idOf('ac-1'), ...patch });
    expect(error.code).toBe(code);
    expect(snapshot(core.db)).toEqual(before);
  });
});

describe('controls.list and get', () => {
  it('pages in catalog order, filters by status and parent, and searches statement text', async () => {
    const page1 = await call<{ items: { controlKey: string }[]; total: number }>('controls', 'list', { frameworkId, limit: 3 });
    const page2 = await call<{ items: { controlKey: string }[]; total: number }>('controls', 'list', {
      frameworkId,
      offset: 3,
      limit: 3,
    });
    expect(page1.total).toBe(7);
    expect([...page1.items, ...page2.items].map((c) => c.controlKey)).toEqual([
      'top-1',
      'ac-1',
      'ac-2',
      'ac-2.1',
      'ac-2.1.1',
      'ac-2.2',
    ]);

    const topLevel = await call<{ total: number }>('controls', 'list', { frameworkId, parentId: null });
    expect(topLevel.total).toBe(4);
    const enh = await call<{ items: { controlKey: string }[] }>('controls', 'list', { frameworkId, parentId: idOf('ac-2') });
    expect(enh.items.map((c) => c.controlKey)).toEqual(['ac-2.1', 'ac-2.2']);

    const na = await call<{ items: { controlKey: string }[] }>('controls', 'list', { frameworkId, status: 'not_applicable' });
    expect(na.items.map((c) => c.controlKey)).toEqual(['ac-2.2']);

    const found = await call<{ items: { controlKey: string; snippet: string | null }[]; total: number }>('controls', 'list', {
      frameworkId,
      query: 'inventory',
    });
    expect(found.total).toBe(1);
    expect(found.items[0]!.controlKey).toBe('top-1');
    expect(found.items[0]!.snippet).toContain('[inventory]');
    expect((await call<{ total: number }>('controls', 'list', { frameworkId, query: '"OR* NEAR(' })).total).toBe(0);
    expect((await call<{ total: number }>('controls', 'list', { frameworkId, query: 'AC-2' })).total).toBeGreaterThan(0);
  });

  it('a control shows its enhancements, linked policies and evidence (live ones only)', async () => {
    const ac2 = idOf('ac-2');
    const db = core.db;
    const row = { org: LOCAL_ORG_ID, at: NOW };
    const policy = (id: string, title: string, deleted: string | null) =>
      db
        .prepare(
          `INSERT INTO policies (id, org_id, title, created_at, updated_at, updated_by, deleted_at) VALUES (?, ?, ?, ?, ?, 'local', ?)`,
        )
        .run(id, row.org, title, row.at, row.at, deleted);
    const link = (table: string, column: string, id: string, control: string, deleted: string | null = null) =>
      db
        .prepare(
          `INSERT INTO ${table} (id, org_id, ${column}, control_id, created_at, updated_at, updated_by, deleted_at) VALUES (?, ?, ?, ?, ?, ?, 'local', ?)`,
        )
        .run(randomUUID(), row.org, id, control, row.at, row.at, deleted);
    const [p1, p2] = [randomUUID(), randomUUID()];
    policy(p1, 'Access Control Policy', null);
    policy(p2, 'Old policy', NOW);
    link('policy_controls', 'policy_id', p1, ac2);
    link('policy_controls', 'policy_id', p2, ac2);
    const e1 = insertEvidence('Account review Q1', { expiresOn: '2026-01-01' });
    link('evidence_controls', 'evidence_id', e1, ac2);

    const control = await call<{
      enhancements: { label: string }[];
      policies: { id: string; title: string }[];
      evidence: { title: string; expired: boolean }[];
    }>('controls', 'get', { id: ac2 });
    expect(control.enhancements.map((e) => e.label)).toEqual(['AC-2(1)', 'AC-2(2)']);
    expect(control.policies).toEqual([{ id: p1, title: 'Access Control Policy', status: 'draft' }]);
    expect(control.evidence).toEqual([{ id: e1, title: 'Account review Q1', expired: true, via: null }]);
  });
});

function insertEvidence(
  title: string,
  opts: { expiresOn?: string; asOf?: string; renewalDays?: number; deleted?: boolean } = {},
): string {
  const id = randomUUID();
  core.db
    .prepare(
      `INSERT INTO evidence (id, org_id, title, sha256, size_bytes, as_of_date, expires_on, renewal_days, created_at, updated_at, updated_by, deleted_at)
       VALUES (?, ?, ?, ?, 10, ?, ?, ?, ?, ?, 'local', ?)`,
    )
    .run(
      id,
      LOCAL_ORG_ID,
      title,
      'a'.repeat(64),
      opts.asOf ?? '2026-03-01',
      opts.expiresOn ?? null,
      opts.renewalDays ?? null,
      NOW,
      NOW,
      opts.deleted ? NOW : null,
    );
  return id;
}
const linkEvidence = (evidenceId: string, controlId: string, deleted = false) =>
  core.db
    .prepare(
      `INSERT INTO evidence_controls (id, org_id, evidence_id, control_id, created_at, updated_at, updated_by, deleted_at) VALUES (?, ?, ?, ?, ?, ?, 'local', ?)`,
    )
    .run(randomUUID(), LOCAL_ORG_ID, evidenceId, controlId, NOW, NOW, deleted ? NOW : null);
const setStatus = (key: string, status: string, justification = '') =>
  core.db
    .prepare('UPDATE control_implementations SET status = ?, justification = ? WHERE id = ?')
    .run(status, justification, implementationIdOf(key));

describe('readiness', () => {
  it('is ready / applicable, counting only implemented controls with current evidence', async () => {
    // 7 controls; ac-2.2 is withdrawn → not applicable. Mark one more not applicable: 5 applicable.
    setStatus('in-1', 'not_applicable', 'No such system');
    for (const key of ['top-1', 'ac-1', 'ac-2', 'ac-2.1']) setStatus(key, 'implemented');
    setStatus('ac-2.1.1', 'in_progress');
    linkEvidence(insertEvidence('current'), idOf('top-1')); // ready
    linkEvidence(insertEvidence('no expiry set, renewal still running', { asOf: '2026-03-01', renewalDays: 30 }), idOf('ac-1')); // ready
    linkEvidence(insertEvidence('expired by date', { expiresOn: '2026-03-14' }), idOf('ac-2')); // not ready
    linkEvidence(insertEvidence('expired by renewal', { asOf: '2025-01-01', renewalDays: 90 }), idOf('ac-2')); // not ready
    linkEvidence(insertEvidence('deleted', { deleted: true }), idOf('ac-2.1')); // not ready
    linkEvidence(insertEvidence('unlinked'), idOf('ac-2.1'), true); // link tombstoned: not ready
    linkEvidence(insertEvidence('evidence on a control in progress'), idOf('ac-2.1.1')); // not implemented: not ready
    linkEvidence(insertEvidence('expires today is still current', { expiresOn: '2026-03-15' }), idOf('ac-2.2')); // not applicable

    const [r] = frameworkReadiness(core.db, LOCAL_ORG_ID, '2026-03-15');
    expect(r).toEqual({
      frameworkId,
      title: 'Tiny Test Catalog',
      controls: 7,
      applicable: 5,
      implemented: 4,
      ready: 2,
      readiness: 2 / 5,
    });
    const list = await call<{ items: { readiness: number; ready: number; applicable: number; controls: number }[] }>(
      'frameworks',
      'list',
      {},
    );
    expect(list.items[0]).toMatchObject({ controls: 7, applicable: 5, ready: 2, readiness: 0.4 });
  });

  it('is 0 when nothing is applicable, and a deleted framework is not listed', async () => {
    core.db.prepare("UPDATE control_implementations SET status = 'not_applicable', justification = 'x'").run();
    expect(frameworkReadiness(core.db, LOCAL_ORG_ID, '2026-03-15')[0]).toMatchObject({ applicable: 0, ready: 0, readiness: 0 });
    await call('frameworks', 'delete', { id: frameworkId });
    expect(frameworkReadiness(core.db, LOCAL_ORG_ID, '2026-03-15')).toEqual([]);
  });
});
