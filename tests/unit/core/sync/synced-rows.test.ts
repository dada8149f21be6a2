/**
 * The synced-table writer and the link helper against a real replica file: each write leaves
 * the row, one outbox entry and one trail event in the caller's transaction, or nothing at all;
 * only synced tables are written, with SQL taken from the table's own columns.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { eventsForRecord, verifyTrail } from '../../../../src-main/core/audit-trail/trail';
import { openDatabase, type Db } from '../../../../src-main/core/db/database';
import { syncedLinks } from '../../../../src-main/core/sync/synced-links';
import { syncedTable, type SyncedRow } from '../../../../src-main/core/sync/synced-rows';
import { LOCAL_ORG_ID } from '../../../../src-shared/domain/common';
import { tempDir } from '../../../support/temp-dir';

let dir: ReturnType<typeof tempDir>;
let db: Db;

beforeEach(() => {
  dir = tempDir();
  db = openDatabase(`${dir.path}/replica.sqlite`);
});
afterEach(() => {
  db.close();
  dir.remove();
});

interface FrameworkRow extends SyncedRow {
  title: string;
  version: string;
  source_uuid: string;
  source_name: string;
  oscal_version: string;
  catalog_source: string;
  archived_at: string | null;
}

const AT = '2026-03-10T09:00:00.000Z';
const LATER = '2026-03-11T10:00:00.000Z';

const framework = (id = crypto.randomUUID()): FrameworkRow => ({
  id,
  org_id: LOCAL_ORG_ID,
  title: 'Baseline',
  version: '1',
  source_uuid: crypto.randomUUID(),
  source_name: 'baseline.json',
  oscal_version: '1.1.2',
  catalog_source: '',
  archived_at: null,
  created_at: AT,
  updated_at: AT,
  updated_by: 'alice',
  deleted_at: null,
});

interface OutboxEntry {
  table_name: string;
  record_id: string;
  org_id: string;
  op: string;
  patch: Record<string, unknown>;
  base: Record<string, unknown> | null;
  created_at: string;
}
const outbox = (): OutboxEntry[] =>
  (
    db.prepare('SELECT table_name, record_id, org_id, op, patch, base, created_at FROM outbox ORDER BY seq').all() as (Omit<
      OutboxEntry,
      'patch' | 'base'
    > & { patch: string; base: string | null })[]
  ).map((e) => ({
    ...e,
    patch: JSON.parse(e.patch) as Record<string, unknown>,
    base: e.base === null ? null : (JSON.parse(e.base) as Record<string, unknown>),
  }));
/** The row as a feature wrote it: row_version is the server's, written only by sync (and 0 here). */
const withoutVersion = <T extends Record<string, unknown>>(row: T | undefined) => {
  if (!row) return row;
  expect(row.row_version).toBe(0);
  const { row_version: _version, ...rest } = row;
  return rest;
};
const stored = (table: string, id: string) =>
  withoutVersion(db.prepare(`SELECT * FROM ${table} WHERE id = ?`).get(id) as Record<string, unknown> | undefined);
const count = (table: string) => db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;

describe('syncedTable', () => {
  it('refuses any table the migrations do not declare synced, before preparing SQL', () => {
    const prepare = vi.spyOn(db, 'prepare');
    for (const name of ['outbox', 'audit_events', 'settings', 'sync_state', 'policies; DROP TABLE policies', 'Policies', '']) {
      expect(() => syncedTable(db, name), name).toThrow(/is not a synced table/);
    }
    expect(prepare).not.toHaveBeenCalled();
  });

  it('inserts the row and records it: one outbox entry with the row as patch, one trail event by the row’s author', () => {
    const row = framework();
    db.transaction(() => syncedTable<FrameworkRow>(db, 'frameworks').insert(row))();

    expect(stored('frameworks', row.id)).toEqual(row);
    const { created_at: _c, updated_at: _u, updated_by: _b, ...patch } = row;
    expect(outbox()).toEqual([
      { table_name: 'frameworks', record_id: row.id, org_id: LOCAL_ORG_ID, op: 'insert', patch, base: null, created_at: AT },
    ]);
    expect(eventsForRecord(db, 'frameworks', row.id)).toMatchObject([
      { action: 'create', actor: 'alice', at: AT, orgId: LOCAL_ORG_ID, before: null, after: patch },
    ]);
  });

  it('updates only what changed and records the changed fields with their previous values', () => {
    const frameworks = syncedTable<FrameworkRow>(db, 'frameworks');
    const before = framework();
    frameworks.insert(before);
    const after = { ...before, title: 'Baseline v2', version: '2', updated_at: LATER, updated_by: 'bob' };

    expect(frameworks.update(before, after)).toBe(true);
    expect(stored('frameworks', before.id)).toEqual(after);
    expect(outbox().at(-1)).toMatchObject({
      op: 'update',
      patch: { title: 'Baseline v2', version: '2' },
      base: { title: 'Baseline', version: '1' },
      created_at: LATER,
    });
    expect(eventsForRecord(db, 'frameworks', before.id).at(-1)).toMatchObject({
      action: 'update',
      actor: 'bob',
      at: LATER,
      before: { title: 'Baseline', version: '1' },
      after: { title: 'Baseline v2', version: '2' },
    });
  });

  it('records a tombstone as a delete', () => {
    const frameworks = syncedTable<FrameworkRow>(db, 'frameworks');
    const row = framework();
    frameworks.insert(row);
    frameworks.update(row, { ...row, deleted_at: LATER, updated_at: LATER }, 'delete');
    expect(outbox().at(-1)).toMatchObject({ op: 'delete', patch: { deleted_at: LATER }, base: { deleted_at: null } });
    expect(eventsForRecord(db, 'frameworks', row.id).at(-1)).toMatchObject({ action: 'delete' });
  });

  it('an update of bookkeeping only stamps the row and sends nothing; updateIfChanged leaves it untouched', () => {
    const frameworks = syncedTable<FrameworkRow>(db, 'frameworks');
    const row = framework();
    frameworks.insert(row);
    const entries = count('outbox');
    const events = count('audit_events');

    const restamped = { ...row, updated_at: LATER, updated_by: 'bob' };
    expect(frameworks.updateIfChanged(row, restamped)).toBe(false);
    expect(stored('frameworks', row.id)).toEqual(row);
    expect(frameworks.update(row, restamped)).toBe(false);
    expect(stored('frameworks', row.id)).toEqual(restamped);
    expect([count('outbox'), count('audit_events')]).toEqual([entries, events]);
  });

  it('writes nothing when the caller’s transaction fails after the write', () => {
    const row = framework();
    expect(() =>
      db.transaction(() => {
        syncedTable<FrameworkRow>(db, 'frameworks').insert(row);
        throw new Error('later step failed');
      })(),
    ).toThrow('later step failed');
    expect([count('frameworks'), count('outbox'), count('audit_events')]).toEqual([0, 0, 0]);
  });

  it('refuses a row that lacks a column or carries a key that is not one, writing nothing', () => {
    const frameworks = syncedTable<FrameworkRow>(db, 'frameworks');
    const { source_name: _dropped, ...partial } = framework();
    expect(() => frameworks.insert(partial as FrameworkRow)).toThrow('missing source_name');
    const injected = { ...framework(), 'title) VALUES (1); DROP TABLE frameworks; --': 'x' };
    expect(() => frameworks.insert(injected)).toThrow(/not columns: title\) VALUES/);
    const row = framework();
    frameworks.insert(row);
    expect(() => frameworks.update(row, { ...row, owner: 'x' } as FrameworkRow)).toThrow('not columns: owner');
    expect(() => frameworks.update(row, { ...row, id: crypto.randomUUID() })).toThrow('keeps its id');
    expect(() => frameworks.update(row, { ...row, org_id: crypto.randomUUID() })).toThrow('keeps its org_id');
    expect([count('frameworks'), count('outbox')]).toEqual([1, 1]);
    expect(verifyTrail(db).problems).toEqual([]);
  });

  it('takes its columns from the table as it is, e.g. after a later migration adds one', () => {
    db.exec("ALTER TABLE frameworks ADD COLUMN publisher TEXT NOT NULL DEFAULT ''");
    const frameworks = syncedTable<FrameworkRow & { publisher: string }>(db, 'frameworks');
    expect(frameworks.columns).toContain('publisher');
    expect(() => frameworks.insert(framework() as FrameworkRow & { publisher: string })).toThrow('missing publisher');
    const row = { ...framework(), publisher: 'NIST' };
    frameworks.insert(row);
    frameworks.update(row, { ...row, publisher: 'NIST CSRC', updated_at: LATER });
    expect(stored('frameworks', row.id)).toMatchObject({ publisher: 'NIST CSRC' });
    expect(outbox().at(-1)).toMatchObject({ patch: { publisher: 'NIST CSRC' }, base: { publisher: 'NIST' } });
  });

  it('prepares its statements once per database and table', () => {
    const first = framework();
    syncedTable<FrameworkRow>(db, 'frameworks').insert(first);
    syncedTable<FrameworkRow>(db, 'frameworks').update(first, { ...first, title: 'A', updated_at: LATER });
    const prepare = vi.spyOn(db, 'prepare');
    for (let i = 0; i < 20; i++) {
      const row = framework();
      syncedTable<FrameworkRow>(db, 'frameworks').insert(row);
      syncedTable<FrameworkRow>(db, 'frameworks').update(row, { ...row, title: `A${i}`, updated_at: LATER });
    }
    expect(prepare).not.toHaveBeenCalled();
    expect(count('frameworks')).toBe(21);
  });
});

describe('syncedLinks', () => {
  let policyId: string;
  let controlId: string;
  const stamp = (at: string, actor = 'alice') => ({ orgId: LOCAL_ORG_ID, actor, at });

  beforeEach(() => {
    const fw = framework();
    syncedTable<FrameworkRow>(db, 'frameworks').insert(fw);
    controlId = crypto.randomUUID();
    db.prepare(
      `INSERT INTO controls (id, org_id, framework_id, control_key, title, created_at, updated_at, updated_by)
       VALUES (?, ?, ?, 'ac-1', 'Access control policy', ?, ?, 'seed')`,
    ).run(controlId, LOCAL_ORG_ID, fw.id, AT, AT);
    policyId = crypto.randomUUID();
    db.prepare(
      `INSERT INTO policies (id, org_id, title, created_at, updated_at, updated_by) VALUES (?, ?, 'Access', ?, ?, 'seed')`,
    ).run(policyId, LOCAL_ORG_ID, AT, AT);
    db.exec('DELETE FROM outbox');
  });

  const links = () =>
    (db.prepare('SELECT * FROM policy_controls').all() as Record<string, unknown>[]).map(
      withoutVersion,
    ) as unknown as (SyncedRow & {
      policy_id: string;
    })[];

  it('links once, tombstones on unlink, and revives the same row when linked again', () => {
    const pairs = syncedLinks(db, 'policy_controls');
    const linked = pairs.link(policyId, controlId, stamp(AT));
    expect(linked.changed).toBe(true);
    expect(links()).toEqual([
      {
        id: linked.id,
        org_id: LOCAL_ORG_ID,
        policy_id: policyId,
        control_id: controlId,
        created_at: AT,
        updated_at: AT,
        updated_by: 'alice',
        deleted_at: null,
      },
    ]);
    expect(pairs.link(policyId, controlId, stamp(LATER))).toEqual({ id: linked.id, changed: false });

    expect(pairs.unlink(policyId, controlId, stamp(LATER, 'bob'))).toEqual({ id: linked.id, changed: true });
    expect(links()[0]).toMatchObject({ deleted_at: LATER, updated_by: 'bob' });
    expect(pairs.unlink(policyId, controlId, stamp(LATER))).toEqual({ id: linked.id, changed: false });

    const revived = '2026-03-12T08:00:00.000Z';
    expect(pairs.link(policyId, controlId, stamp(revived))).toEqual({ id: linked.id, changed: true });
    expect(links()).toHaveLength(1);
    expect(links()[0]).toMatchObject({ id: linked.id, deleted_at: null, created_at: AT, updated_at: revived });

    expect(outbox().map((e) => [e.op, e.record_id, e.patch, e.base])).toEqual([
      [
        'insert',
        linked.id,
        { id: linked.id, org_id: LOCAL_ORG_ID, policy_id: policyId, control_id: controlId, deleted_at: null },
        null,
      ],
      ['delete', linked.id, { deleted_at: LATER }, { deleted_at: null }],
      ['update', linked.id, { deleted_at: null }, { deleted_at: LATER }],
    ]);
    expect(eventsForRecord(db, 'policy_controls', linked.id).map((e) => [e.action, e.actor])).toEqual([
      ['create', 'alice'],
      ['delete', 'bob'],
      ['update', 'alice'],
    ]);
  });

  it('unlinking a pair that was never linked changes nothing and reads the clock only when it writes', () => {
    const clock = vi.fn(() => LATER);
    const pairs = syncedLinks(db, 'policy_controls');
    expect(pairs.unlink(policyId, controlId, { orgId: LOCAL_ORG_ID, actor: 'alice', at: clock })).toEqual({
      id: null,
      changed: false,
    });
    expect(clock).not.toHaveBeenCalled();
    pairs.link(policyId, controlId, stamp(AT));
    pairs.unlink(policyId, controlId, { orgId: LOCAL_ORG_ID, actor: 'alice', at: clock });
    expect(clock).toHaveBeenCalledTimes(1);
    expect([links().length, count('outbox')]).toEqual([1, 2]);
  });

  it('does not see a pair of another organization', () => {
    const pairs = syncedLinks(db, 'policy_controls');
    pairs.link(policyId, controlId, stamp(AT));
    const other = { orgId: crypto.randomUUID(), actor: 'mallory', at: LATER };
    expect(pairs.unlink(policyId, controlId, other)).toEqual({ id: null, changed: false });
    expect(links()[0]).toMatchObject({ deleted_at: null, updated_by: 'alice' });
  });
});
