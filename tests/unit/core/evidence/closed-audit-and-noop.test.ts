/**
 * Evidence captured in a closed audit is part of its signed-off record: editing, deleting,
 * restoring and re-linking it are refused (CONFLICT), as is deleting the closed audit. A save
 * that changes nothing writes nothing (evidence and controls).
 */
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../../src-main/core/core';
import type { Evidence } from '../../../../src-shared/domain/evidence';
import { ErrorCode } from '../../../../src-shared/errors';
import type { Result } from '../../../../src-shared/result';
import { snapshot } from '../../../support/db-snapshot';
import { tempDir } from '../../../support/temp-dir';
import { stagedId } from '../../../support/staged-file';

let dir: ReturnType<typeof tempDir>;
let core: Core;
let now = '2026-03-15T10:00:00.000Z';
const ctx = { actor: 'local' };

async function ok<T>(ns: string, method: string, input: unknown): Promise<T> {
  const result: Result<unknown> = await core.router.call(ns, method, input, ctx);
  if (!result.ok) throw new Error(`${ns}.${method}: ${result.error.code}: ${result.error.message}`);
  return result.value as T;
}
const call = (ns: string, method: string, input: unknown) => core.router.call(ns, method, input, ctx);

function seedControls(): string[] {
  const frameworkId = randomUUID();
  core.db
    .prepare(
      `INSERT INTO frameworks (id, org_id, title, source_uuid, created_at, updated_at, updated_by) VALUES (?, ?, 'NIST', ?, ?, ?, 'local')`,
    )
    .run(frameworkId, core.deps.orgId, randomUUID(), now, now);
  return ['ac-2', 'ia-2'].map((key, i) => {
    const id = randomUUID();
    core.db
      .prepare(
        `INSERT INTO controls (id, org_id, framework_id, control_key, label, title, sort_key, created_at, updated_at, updated_by)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'local')`,
      )
      .run(id, core.deps.orgId, frameworkId, key, key.toUpperCase(), `Control ${key}`, String(i), now, now);
    return id;
  });
}

const file = (text: string, name = 'evidence.txt') => stagedId(core, text, name);

beforeEach(() => {
  dir = tempDir();
  now = '2026-03-15T10:00:00.000Z';
  core = createCore({ dataDir: dir.path, now: () => now, log: { error: () => {} } });
});
afterEach(() => {
  core.close();
  dir.remove();
});

describe('evidence of a closed audit', () => {
  it('refuses update, delete, restore, link and unlink with CONFLICT, changing nothing', async () => {
    const [ac2, ia2] = seedControls();
    const audit = await ok<{ id: string }>('audits', 'create', {
      title: 'SOC 2 2026',
      windowStart: '2026-01-01',
      windowEnd: '2026-06-30',
      controlIds: [ac2, ia2],
    });
    const captured = await ok<Evidence>('evidence', 'add', {
      title: 'Access review',
      stagedFileId: await file('reviewed', 'review.txt'),
      asOfDate: '2026-03-01',
      auditId: audit.id,
      controlIds: [ac2],
    });
    const deleted = await ok<Evidence>('evidence', 'add', {
      title: 'Old screenshot',
      stagedFileId: await file('old', 'old.txt'),
      asOfDate: '2026-03-01',
      auditId: audit.id,
    });
    await ok('evidence', 'delete', { id: deleted.id });
    await ok('audits', 'update', { id: audit.id, status: 'closed' });

    const before = snapshot(core.db);
    for (const [method, input] of [
      ['update', { id: captured.id, title: 'Rewritten' }],
      ['delete', { id: captured.id }],
      ['restore', { id: deleted.id }],
      ['linkControl', { evidenceId: captured.id, controlId: ia2 }],
      ['unlinkControl', { evidenceId: captured.id, controlId: ac2 }],
    ] as const) {
      const result = await call('evidence', method, input);
      expect(result.ok ? 'ok' : result.error.code, method).toBe(ErrorCode.Conflict);
      if (!result.ok) expect(result.error.message).toMatch(/captured in the audit “SOC 2 2026”, which is closed/);
    }
    const removal = await call('audits', 'delete', { id: audit.id });
    expect(removal).toEqual({
      ok: false,
      error: {
        code: ErrorCode.Conflict,
        message: 'The audit “SOC 2 2026” is closed: it is the signed-off record and can no longer be deleted.',
      },
    });
    expect(snapshot(core.db)).toEqual(before);
  });

  it('still lets evidence of an open audit, or of no audit, change', async () => {
    const [ac2] = seedControls();
    const audit = await ok<{ id: string }>('audits', 'create', {
      title: 'Open',
      windowStart: '2026-01-01',
      windowEnd: '2026-06-30',
      controlIds: [ac2],
    });
    const e = await ok<Evidence>('evidence', 'add', {
      title: 'A',
      stagedFileId: await file('a', 'a.txt'),
      asOfDate: '2026-03-01',
      auditId: audit.id,
    });
    expect((await ok<Evidence>('evidence', 'update', { id: e.id, title: 'B' })).title).toBe('B');
    await ok('audits', 'delete', { id: audit.id });
  });
});

describe('a save without change', () => {
  it('of evidence writes nothing: same updated_at, no outbox entry, no trail event', async () => {
    const added = await ok<Evidence>('evidence', 'add', {
      title: 'A',
      stagedFileId: await file('a', 'a.txt'),
      asOfDate: '2026-03-01',
    });
    now = '2026-03-16T10:00:00.000Z';
    const before = snapshot(core.db);
    const saved = await ok<Evidence>('evidence', 'update', { id: added.id, title: 'A', asOfDate: '2026-03-01', expiresOn: null });
    expect(snapshot(core.db)).toEqual(before);
    expect(saved.updatedAt).toBe(added.updatedAt);
  });

  it('of a control writes nothing: same updated_at, no outbox entry, no trail event', async () => {
    const [ac2] = seedControls();
    await ok('controls', 'update', { id: ac2, status: 'in_progress', owner: 'Dana' });
    now = '2026-03-16T10:00:00.000Z';
    const before = snapshot(core.db);
    const saved = await ok<{ updatedAt: string }>('controls', 'update', { id: ac2, status: 'in_progress', owner: 'Dana' });
    expect(snapshot(core.db)).toEqual(before);
    expect(saved.updatedAt).toBe('2026-03-15T10:00:00.000Z');
  });
});
