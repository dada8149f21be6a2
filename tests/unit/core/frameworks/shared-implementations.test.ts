/**
 * One implementation per control of a catalog, through the real router on a real SQLite file
 * with the shipped NIST baselines: a status set in MODERATE shows in LOW and HIGH, evidence
 * linked in one baseline makes the control ready in the others, the UI is told which baselines
 * share it; per-framework data written by the previous schema is merged without loss (most
 * advanced status, both notes); parameter values render into the statement; readiness says
 * what is missing.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../../src-main/core/core';
import { openDatabase } from '../../../../src-main/core/db/database';
import { migrations } from '../../../../src-main/core/db/migrations';
import { implementationId } from '../../../../src-main/core/frameworks/implementations';
import { localWorkspacePaths } from '../../../../src-main/core/workspace';
import { LOCAL_ORG_ID } from '../../../../src-shared/domain/common';
import type { Control } from '../../../../src-shared/domain/framework';
import { ErrorCode } from '../../../../src-shared/errors';
import { snapshot } from '../../../support/db-snapshot';
import { tempDir } from '../../../support/temp-dir';

let dir: ReturnType<typeof tempDir>;
let core: Core;
const ctx = { actor: 'local' };
const NOW = '2026-03-15T10:00:00.000Z';
const FAMILY = 'NIST Special Publication 800-53 Revision 5.1.1';

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
const importShipped = async (name: string) =>
  (await call<{ frameworkId: string }>('frameworks', 'importShipped', { name })).frameworkId;
const controlIn = (frameworkId: string, key: string) =>
  (core.db.prepare('SELECT id FROM controls WHERE framework_id = ? AND control_key = ?').get(frameworkId, key) as { id: string })
    .id;
const get = (id: string) => call<Control>('controls', 'get', { id });

beforeEach(() => {
  dir = tempDir();
  core = createCore({ dataDir: dir.path, log: { error: () => {} }, now: () => NOW });
});
afterEach(() => {
  core.close();
  dir.remove();
});

describe('one implementation across baselines', () => {
  it('AC-2 implemented in MODERATE is implemented in LOW, says so, and syncs as one record', async () => {
    const low = await importShipped('nist-800-53r5-low');
    const moderate = await importShipped('nist-800-53r5-moderate');
    const outboxBefore = (core.db.prepare('SELECT count(*) AS n FROM outbox').get() as { n: number }).n;

    await call('controls', 'update', {
      id: controlIn(moderate, 'ac-2'),
      status: 'implemented',
      owner: 'Dana Reyes',
      notes: 'Quarterly access reviews since 2025.',
    });

    const inLow = await get(controlIn(low, 'ac-2'));
    expect(inLow).toMatchObject({ status: 'implemented', owner: 'Dana Reyes', notes: 'Quarterly access reviews since 2025.' });
    expect(inLow.sharedWith).toEqual([
      { frameworkId: moderate, controlId: controlIn(moderate, 'ac-2'), name: `MODERATE · ${FAMILY}`, archived: false },
    ]);
    const list = await call<{ items: { controlKey: string; status: string }[] }>('controls', 'list', {
      frameworkId: low,
      status: 'implemented',
    });
    expect(list.items.map((c) => c.controlKey)).toEqual(['ac-2']);

    // One change, to the shared record: not one per baseline.
    const outbox = core.db.prepare('SELECT table_name, record_id, patch FROM outbox ORDER BY rowid').all() as {
      table_name: string;
      record_id: string;
      patch: string;
    }[];
    expect(outbox.slice(outboxBefore)).toEqual([
      {
        table_name: 'control_implementations',
        record_id: implementationId(LOCAL_ORG_ID, `catalog:${FAMILY.toLowerCase()}`, 'ac-2'),
        patch: JSON.stringify({ status: 'implemented', owner: 'Dana Reyes', notes: 'Quarterly access reviews since 2025.' }),
      },
    ]);

    // A baseline added later adopts what is already there.
    const high = await importShipped('nist-800-53r5-high');
    expect(await get(controlIn(high, 'ac-2'))).toMatchObject({ status: 'implemented', owner: 'Dana Reyes' });
    expect((await get(controlIn(low, 'ac-2'))).sharedWith.map((s) => s.name)).toEqual([
      `HIGH · ${FAMILY}`,
      `MODERATE · ${FAMILY}`,
    ]);
  });

  it('evidence linked in one baseline is the evidence of all, and readiness counts it', async () => {
    const low = await importShipped('nist-800-53r5-low');
    const moderate = await importShipped('nist-800-53r5-moderate');
    await call('controls', 'update', { id: controlIn(low, 'ac-2'), status: 'implemented' });
    const before = await call<{ items: { id: string; ready: number }[] }>('frameworks', 'list', {});
    expect(before.items.map((f) => f.ready)).toEqual([0, 0]);
    expect((await get(controlIn(low, 'ac-2'))).readiness).toEqual({
      counts: true,
      ready: false,
      missing: ['No evidence is linked: link a current evidence item that shows it operates.'],
    });

    const evidence = randomUUID();
    core.db
      .prepare(
        `INSERT INTO evidence (id, org_id, title, sha256, size_bytes, as_of_date, created_at, updated_at, updated_by)
         VALUES (?, ?, 'Access review Q1', ?, 10, '2026-03-01', ?, ?, 'local')`,
      )
      .run(evidence, LOCAL_ORG_ID, 'a'.repeat(64), NOW, NOW);
    core.db
      .prepare(
        `INSERT INTO evidence_controls (id, org_id, evidence_id, control_id, created_at, updated_at, updated_by)
         VALUES (?, ?, ?, ?, ?, ?, 'local')`,
      )
      .run(randomUUID(), LOCAL_ORG_ID, evidence, controlIn(moderate, 'ac-2'), NOW, NOW);

    const inLow = await get(controlIn(low, 'ac-2'));
    expect(inLow.evidence).toEqual([{ id: evidence, title: 'Access review Q1', expired: false, via: `MODERATE · ${FAMILY}` }]);
    expect(inLow.readiness).toEqual({ counts: true, ready: true, missing: [] });
    expect((await get(controlIn(moderate, 'ac-2'))).evidence[0]!.via).toBeNull();
    const after = await call<{ items: { ready: number }[] }>('frameworks', 'list', {});
    expect(after.items.map((f) => f.ready)).toEqual([1, 1]);
  });

  it('data of the previous schema is merged: most advanced status, every note kept, once', async () => {
    core.close();
    const other = tempDir();
    try {
      // The replica as the version before shared implementations wrote it.
      const file = localWorkspacePaths(other.path).database;
      const old = openDatabase(file, migrations.slice(0, 15));
      const framework = (title: string) => {
        const id = randomUUID();
        old
          .prepare(
            `INSERT INTO frameworks (id, org_id, title, source_uuid, created_at, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, 'local')`,
          )
          .run(id, LOCAL_ORG_ID, title, randomUUID(), NOW, NOW);
        return id;
      };
      const control = (frameworkId: string, key: string, fields: { status: string; owner?: string; notes?: string }) => {
        const id = randomUUID();
        old
          .prepare(
            `INSERT INTO controls (id, org_id, framework_id, control_key, label, title, status, owner, notes, created_at, updated_at, updated_by)
             VALUES (?, ?, ?, ?, ?, 'Account Management', ?, ?, ?, ?, ?, 'local')`,
          )
          .run(
            id,
            LOCAL_ORG_ID,
            frameworkId,
            key,
            key.toUpperCase(),
            fields.status,
            fields.owner ?? '',
            fields.notes ?? '',
            NOW,
            NOW,
          );
        return id;
      };
      const low = framework(`${FAMILY} LOW IMPACT BASELINE`);
      const moderate = framework(`${FAMILY} MODERATE IMPACT BASELINE`);
      const iso = framework('ISO/IEC 27001:2022 Annex A');
      const lowAc2 = control(low, 'ac-2', { status: 'in_progress', owner: 'Sam', notes: 'Started the account inventory.' });
      const modAc2 = control(moderate, 'ac-2', { status: 'implemented', notes: 'Reviews run quarterly.' });
      const lowAc3 = control(low, 'ac-3', { status: 'not_started', notes: 'Same note.' });
      control(moderate, 'ac-3', { status: 'not_started', notes: 'Same note.' });
      const isoAc2 = control(iso, 'ac-2', { status: 'not_started' });
      old.close();

      core = createCore({ dataDir: other.path, log: { error: () => {} }, now: () => NOW });
      const merged = await get(lowAc2);
      expect(merged).toMatchObject({
        status: 'implemented',
        owner: 'Sam',
        notes: 'From LOW:\nStarted the account inventory.\n\nFrom MODERATE:\nReviews run quarterly.',
      });
      expect(await get(modAc2)).toMatchObject({ status: 'implemented', notes: merged.notes });
      expect((await get(lowAc3)).notes).toBe('Same note.');
      // Another catalog with the same control id is another control.
      expect(await get(isoAc2)).toMatchObject({ status: 'not_started', sharedWith: [] });
      const outbox = core.db
        .prepare(`SELECT count(*) AS n FROM outbox WHERE table_name = 'control_implementations' AND op = 'insert'`)
        .get() as { n: number };
      expect(outbox.n).toBe(3);

      // Opening again finds nothing to do and writes nothing.
      core.close();
      core = createCore({ dataDir: other.path, log: { error: () => {} }, now: () => NOW });
      const before = snapshot(core.db);
      core.close();
      core = createCore({ dataDir: other.path, log: { error: () => {} }, now: () => NOW });
      expect(snapshot(core.db)).toEqual(before);
    } finally {
      core.close();
      other.remove();
      core = createCore({ dataDir: dir.path, log: { error: () => {} } });
    }
  });
});

describe('organization-defined parameters', () => {
  it('a value set renders into the statement; the catalog wording stays available; clearing brings it back', async () => {
    const low = await importShipped('nist-800-53r5-low');
    const ac2 = controlIn(low, 'ac-2');
    const fresh = await get(ac2);
    expect(fresh.statement).toBe(fresh.catalogStatement);
    expect(fresh.statement).toContain('c. Require [Assignment: organization-defined prerequisites and criteria] for group');

    const saved = await call<Control>('controls', 'update', {
      id: ac2,
      paramValues: { 'ac-02_odp.01': 'manager approval and completed security training' },
    });
    expect(saved.paramValues).toEqual({ 'ac-02_odp.01': 'manager approval and completed security training' });
    expect(saved.statement).toContain(
      'c. Require manager approval and completed security training for group and role membership;',
    );
    expect(saved.statement).not.toContain('[Assignment: organization-defined prerequisites and criteria]');
    expect(saved.catalogStatement).toBe(fresh.catalogStatement);
    // Shared: the MODERATE baseline's AC-2 reads the same value.
    const moderate = await importShipped('nist-800-53r5-moderate');
    expect((await get(controlIn(moderate, 'ac-2'))).statement).toContain('c. Require manager approval and completed security');

    const cleared = await call<Control>('controls', 'update', { id: ac2, paramValues: { 'ac-02_odp.01': '' } });
    expect(cleared.paramValues).toEqual({});
    expect(cleared.statement).toBe(fresh.catalogStatement);
  });

  it('a parameter the control does not have is refused in words and changes nothing', async () => {
    const low = await importShipped('nist-800-53r5-low');
    const before = snapshot(core.db);
    const error = await failure('controls', 'update', {
      id: controlIn(low, 'ac-2'),
      status: 'implemented',
      paramValues: { 'ia-05_odp.01': 'x' },
    });
    expect(error.code).toBe(ErrorCode.InvalidInput);
    expect(error.message).toBe('AC-2 has no parameter “ia-05_odp.01”: nothing was saved.');
    expect(snapshot(core.db)).toEqual(before);
  });
});

describe('readiness of one control, in words', () => {
  it('names what is missing; not applicable controls are left out', async () => {
    const low = await importShipped('nist-800-53r5-low');
    const ac1 = controlIn(low, 'ac-1');
    expect((await get(ac1)).readiness).toEqual({
      counts: true,
      ready: false,
      missing: [
        'Status is Not started: mark it Implemented once it is in place.',
        'No evidence is linked: link a current evidence item that shows it operates.',
      ],
    });
    const na = await call<Control>('controls', 'update', { id: ac1, status: 'not_applicable', justification: 'Inherited' });
    expect(na.readiness).toEqual({ counts: false, ready: false, missing: [] });
  });
});
