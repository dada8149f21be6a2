/**
 * The apply path of server rows against a real replica file: a row applies only when newer,
 * makes no outbox entry and no trail event, keeps search working; a child that comes before its
 * parent is held and applied when the parent comes; a row the replica cannot take is held and
 * reported while the rest of the page applies; a record with waiting changes shows them on top
 * of the server's row (rebase).
 */
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../../src-main/core/db/database';
import { applyPage, type ServerChange } from '../../../../src-main/core/sync/apply';
import { syncedTable } from '../../../../src-main/core/sync/synced-rows';
import { tempDir } from '../../../support/temp-dir';

let dir: ReturnType<typeof tempDir>;
let db: Db;
const ORG = randomUUID();
const NOW = '2026-12-01T10:00:00.000Z';

beforeEach(() => {
  dir = tempDir();
  db = openDatabase(`${dir.path}/replica.sqlite`);
});
afterEach(() => {
  db.close();
  dir.remove();
});

/** A policy as the server's pull sends it (to_jsonb of the server row: microseconds, +00:00, nulls). */
const serverPolicy = (id: string, version: number, fields: Record<string, unknown> = {}): ServerChange => ({
  table: 'policies',
  id,
  row_version: version,
  row: {
    id,
    org_id: ORG,
    created_at: '2026-11-30T09:00:00.123456+00:00',
    updated_at: `2026-11-30T09:00:0${version}.5+00:00`,
    updated_by: randomUUID(),
    deleted_at: null,
    row_version: version,
    title: 'Access Control Policy',
    body: 'Accounts are reviewed quarterly.',
    status: 'draft',
    owner: null,
    next_review_date: null,
    approved_by: null,
    approved_at: null,
    current_revision_id: null,
    published_revision_id: null,
    version_major: 1,
    version_minor: 0,
    approval_comment: null,
    ...fields,
  },
});

const apply = (...changes: ServerChange[]) => applyPage(db, changes, { now: NOW });
const one = (sql: string, ...params: unknown[]) => db.prepare(sql).get(...params) as Record<string, unknown> | undefined;
const count = (sql: string, ...params: unknown[]) => (db.prepare(sql).get(...params) as { n: number }).n;

describe('applying server rows', () => {
  it('writes the row in the replica’s representation, only when newer, with no outbox entry or trail event', () => {
    const id = randomUUID();
    const report = apply(serverPolicy(id, 2));
    expect(report).toMatchObject({ applied: 1, held: 0 });
    expect([...(report.changed.get('policies') ?? [])]).toEqual([id]);
    expect(one('SELECT * FROM policies WHERE id = ?', id)).toMatchObject({
      row_version: 2,
      owner: '',
      created_at: '2026-11-30T09:00:00.123Z',
      updated_at: '2026-11-30T09:00:02.500Z',
    });
    // An older or equal version changes nothing.
    expect(apply(serverPolicy(id, 1, { title: 'Older' }), serverPolicy(id, 2, { title: 'Same' }))).toMatchObject({
      applied: 0,
      skipped: 2,
    });
    expect(one('SELECT title FROM policies WHERE id = ?', id)).toEqual({ title: 'Access Control Policy' });
    expect(apply(serverPolicy(id, 3, { title: 'Newer' }))).toMatchObject({ applied: 1 });
    expect(one('SELECT title FROM policies WHERE id = ?', id)).toEqual({ title: 'Newer' });
    expect(count('SELECT count(*) AS n FROM outbox')).toBe(0);
    expect(count('SELECT count(*) AS n FROM audit_events')).toBe(0);
  });

  it('keeps search working for pulled rows, inserted and updated', () => {
    const id = randomUUID();
    apply(serverPolicy(id, 1));
    const search = (word: string) =>
      db
        .prepare(`SELECT p.id FROM policies_fts f JOIN policies p ON p.rowid = f.rowid WHERE policies_fts MATCH ?`)
        .pluck()
        .all(word);
    expect(search('quarterly')).toEqual([id]);
    apply(serverPolicy(id, 2, { body: 'Accounts are reviewed monthly.' }));
    expect(search('quarterly')).toEqual([]);
    expect(search('monthly')).toEqual([id]);
  });

  it('over a row it has, sets only the columns that changed: title/body triggers run only when those change', () => {
    const id = randomUUID();
    apply(serverPolicy(id, 1));
    // A temp trigger counts what the search index's update trigger would see.
    db.exec(`CREATE TEMP TABLE text_updates (n INTEGER);
      CREATE TEMP TRIGGER count_text_updates AFTER UPDATE OF title, body ON policies BEGIN
        INSERT INTO text_updates VALUES (1); END;`);
    const fired = () => count('SELECT count(*) AS n FROM text_updates');
    // Our own row echoed back with new server stamps (as a push answer is): the text is the same.
    apply(serverPolicy(id, 2, { status: 'in_review' }));
    expect(one('SELECT row_version, status, updated_at, title FROM policies WHERE id = ?', id)).toEqual({
      row_version: 2,
      status: 'in_review',
      updated_at: '2026-11-30T09:00:02.500Z',
      title: 'Access Control Policy',
    });
    expect(fired()).toBe(0);
    apply(serverPolicy(id, 3, { status: 'in_review', body: 'Accounts are reviewed monthly.' }));
    expect(fired()).toBe(1);
    expect(one('SELECT row_version, body FROM policies WHERE id = ?', id)).toEqual({
      row_version: 3,
      body: 'Accounts are reviewed monthly.',
    });
    expect(db.prepare(`SELECT rowid FROM policies_fts WHERE policies_fts MATCH 'monthly'`).pluck().all()).toHaveLength(1);
  });

  it('holds a child that comes before its parent, and applies it when the parent comes in a later page', () => {
    const policyId = randomUUID();
    const revisionId = randomUUID();
    const revision: ServerChange = {
      table: 'policy_revisions',
      id: revisionId,
      row_version: 1,
      row: {
        id: revisionId,
        org_id: ORG,
        policy_id: policyId,
        title: 'Access Control Policy',
        body: 'text',
        version_major: 1,
        version_minor: 0,
        base_revision_id: null,
        created_at: '2026-11-30T09:00:00+00:00',
        updated_at: '2026-11-30T09:00:00+00:00',
        updated_by: null,
        deleted_at: null,
        approved_by: null,
        approved_at: null,
        published_at: null,
        approval_comment: null,
      },
    };
    expect(apply(revision)).toMatchObject({ held: 1 });
    expect(count('SELECT count(*) AS n FROM policy_revisions')).toBe(0);
    expect(one('SELECT reason FROM sync_held WHERE id = ?', revisionId)?.reason).toMatch(/Waiting for its policies row/);

    const report = apply(serverPolicy(policyId, 1));
    expect([...(report.changed.get('policy_revisions') ?? [])]).toEqual([revisionId]);
    expect(count('SELECT count(*) AS n FROM policy_revisions')).toBe(1);
    expect(count('SELECT count(*) AS n FROM sync_held')).toBe(0);
  });

  it('applies a child and its parent in one page in either order', () => {
    const policyId = randomUUID();
    const linkId = randomUUID();
    const controlId = randomUUID();
    const frameworkId = randomUUID();
    const framework: ServerChange = {
      table: 'frameworks',
      id: frameworkId,
      row_version: 1,
      row: { id: frameworkId, org_id: ORG, title: 'NIST', source_uuid: null, created_at: NOW, updated_at: NOW, deleted_at: null },
    };
    const control: ServerChange = {
      table: 'controls',
      id: controlId,
      row_version: 1,
      row: {
        id: controlId,
        org_id: ORG,
        framework_id: frameworkId,
        control_key: 'ac-1',
        params: [{ id: 'p1' }],
        statement: null,
        created_at: NOW,
        updated_at: NOW,
      },
    };
    const link: ServerChange = {
      table: 'policy_controls',
      id: linkId,
      row_version: 1,
      row: {
        id: linkId,
        org_id: ORG,
        policy_id: policyId,
        control_id: controlId,
        created_at: NOW,
        updated_at: NOW,
        deleted_at: null,
      },
    };
    expect(apply(link, control, serverPolicy(policyId, 1), framework)).toMatchObject({ applied: 4, held: 0 });
    expect(
      one(
        'SELECT params, statement, source_uuid FROM controls JOIN frameworks f ON f.id = framework_id WHERE controls.id = ?',
        controlId,
      ),
    ).toEqual({
      params: '[{"id":"p1"}]',
      statement: '',
      source_uuid: `server:${frameworkId}`,
    });
  });

  it('holds and reports a row the replica cannot take; the rest of the page applies', () => {
    const good = randomUUID();
    const bad = randomUUID();
    const report = apply(serverPolicy(bad, 1, { version_major: 'one' }), serverPolicy(good, 1));
    expect(report).toMatchObject({ applied: 1, held: 1 });
    expect(one('SELECT id FROM policies WHERE id = ?', good)).toEqual({ id: good });
    expect(one('SELECT reason FROM sync_held WHERE id = ?', bad)?.reason).toMatch(/cannot take this row.*whole number/);
  });

  it('commits a page without an fsync of its own, and leaves the replica synchronous=FULL after, a failed page too', () => {
    const FULL = 2;
    expect(db.pragma('synchronous', { simple: true })).toBe(FULL);
    let during: unknown;
    applyPage(db, [serverPolicy(randomUUID(), 1)], {
      now: NOW,
      saveCursor: () => (during = db.pragma('synchronous', { simple: true })),
    });
    expect(during).toBe(1); // NORMAL: the cursor commits with the rows, so a power loss takes both back
    expect(db.pragma('synchronous', { simple: true })).toBe(FULL);
    expect(() =>
      applyPage(db, [serverPolicy(randomUUID(), 1)], {
        now: NOW,
        saveCursor: () => {
          throw new Error('disk gone');
        },
      }),
    ).toThrow('disk gone');
    expect(db.pragma('synchronous', { simple: true })).toBe(FULL);
  });

  it('rebase: a record with waiting changes shows the server row with those changes on top, until they are answered', () => {
    const id = randomUUID();
    apply(serverPolicy(id, 1));
    const policies = syncedTable<
      Record<string, unknown> & {
        id: string;
        org_id: string;
        created_at: string;
        updated_at: string;
        updated_by: string;
        deleted_at: null;
      }
    >(db, 'policies');
    const before = one('SELECT * FROM policies WHERE id = ?', id) as never;
    db.transaction(() =>
      policies.update(before, { ...(before as object), owner: 'Alice', updated_at: NOW, updated_by: 'me' } as never),
    )();
    expect(count('SELECT count(*) AS n FROM outbox')).toBe(1);

    // Someone else changed the title on the server: we see their title and our owner.
    apply(serverPolicy(id, 2, { title: 'Renamed elsewhere', owner: 'Bob' }));
    expect(one('SELECT title, owner, row_version FROM policies WHERE id = ?', id)).toEqual({
      title: 'Renamed elsewhere',
      owner: 'Alice',
      row_version: 2,
    });

    // Once the outbox entry is answered (gone), the server's row is shown as it is.
    db.prepare('DELETE FROM outbox').run();
    apply(serverPolicy(id, 3, { title: 'Renamed elsewhere', owner: 'Bob' }));
    expect(one('SELECT owner FROM policies WHERE id = ?', id)).toEqual({ owner: 'Bob' });
  });
});
