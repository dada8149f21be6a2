/**
 * Someone edits the SQLite file behind the app's back (triggers dropped, events changed or
 * removed): trail.verify, run by a fresh core on that file, names each damaged event by seq.
 */
import Database from 'better-sqlite3';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../../src-main/core/core';
import { tempDir } from '../../../support/temp-dir';

let dir: ReturnType<typeof tempDir>;
let core: Core;
const ctx = { actor: 'local' };

const call = async (ns: string, method: string, input: unknown) => {
  const result = await core.router.call(ns, method, input, ctx);
  if (!result.ok) throw new Error(result.error.message);
  return result.value as { id: string };
};

beforeEach(async () => {
  dir = tempDir();
  core = createCore({ dataDir: dir.path, log: { error: () => {} } });
  // Ten-odd events: policies created, edited (each edit also writes a revision), deleted.
  const a = await call('policies', 'create', { title: 'Access Control Policy', body: 'one' });
  await call('policies', 'update', { id: a.id, body: 'two' });
  const b = await call('policies', 'create', { title: 'Backup Policy' });
  await call('policies', 'update', { id: b.id, owner: 'Dana' });
  await call('policies', 'delete', { id: b.id });
});
afterEach(() => {
  core.close();
  dir.remove();
});

/** Closes the app, edits the file as an attacker would, and opens the app again. */
function tamper(edit: (db: Database.Database) => void) {
  core.close();
  const db = new Database(path.join(dir.path, 'workspaces/local/replica.sqlite3'));
  db.exec('DROP TRIGGER audit_events_no_update; DROP TRIGGER audit_events_no_delete;');
  edit(db);
  db.close();
  core = createCore({ dataDir: dir.path, log: { error: () => {} } });
}

const verify = async () => {
  const result = await core.router.call('trail', 'verify', {}, ctx);
  if (!result.ok) throw new Error(result.error.message);
  return result.value as { events: number; problems: { seq: number; problem: string }[] };
};

const eventCount = () => (core.db.prepare('SELECT count(*) AS n FROM audit_events').get() as { n: number }).n;

describe('audit trail tamper detection', () => {
  it('an untouched trail reports no problems', async () => {
    const total = eventCount();
    expect(total).toBeGreaterThanOrEqual(8);
    expect(await verify()).toEqual({ events: total, problems: [] });
    tamper(() => {}); // dropping the triggers alone changes no event
    expect((await verify()).problems).toEqual([]);
  });

  it('the app itself cannot update or delete an event (append-only triggers)', () => {
    expect(() => core.db.prepare("UPDATE audit_events SET actor = 'mallory' WHERE seq = 1").run()).toThrow(/append-only/);
    expect(() => core.db.prepare('DELETE FROM audit_events WHERE seq = 1').run()).toThrow(/append-only/);
  });

  it('detects an event whose after JSON was edited, naming its seq', async () => {
    tamper((db) => db.prepare(`UPDATE audit_events SET after = '{"title":"Nothing to see"}' WHERE seq = 3`).run());
    const { problems } = await verify();
    expect(problems).toEqual([{ seq: 3, problem: expect.stringMatching(/does not match its hash/) }]);
  });

  it('detects an edited who/when', async () => {
    tamper((db) =>
      db.prepare("UPDATE audit_events SET actor = 'someone-else', at = '2020-01-01T00:00:00.000Z' WHERE seq = 2").run(),
    );
    expect((await verify()).problems.map((p) => p.seq)).toEqual([2]);
  });

  it('detects after JSON that is no longer JSON', async () => {
    tamper((db) => db.prepare("UPDATE audit_events SET after = '{broken' WHERE seq = 4").run());
    expect((await verify()).problems).toEqual([{ seq: 4, problem: expect.stringMatching(/not readable/) }]);
  });

  it('detects a deleted event in the middle, naming the missing seq', async () => {
    tamper((db) => db.prepare('DELETE FROM audit_events WHERE seq = 4').run());
    const { problems } = await verify();
    expect(problems).toContainEqual({ seq: 4, problem: 'event 4 was deleted' });
    expect(problems).toContainEqual({ seq: 5, problem: expect.stringMatching(/chain broken/) });
  });

  it('detects the newest event deleted', async () => {
    const newest = eventCount();
    tamper((db) => db.prepare('DELETE FROM audit_events WHERE seq = ?').run(newest));
    expect((await verify()).problems).toEqual([{ seq: newest, problem: `the newest event ${newest} was deleted` }]);
  });

  it('detects every event deleted', async () => {
    const newest = eventCount();
    tamper((db) => db.prepare('DELETE FROM audit_events').run());
    expect(await verify()).toEqual({ events: 0, problems: [{ seq: 1, problem: `the newest events 1–${newest} were deleted` }] });
  });

  it('detects two events whose content was swapped', async () => {
    tamper((db) => {
      const columns = [
        'id',
        'org_id',
        'record_table',
        'record_id',
        'action',
        'actor',
        'at',
        'before',
        'after',
        'prev_hash',
        'hash',
      ];
      const get = db.prepare(`SELECT ${columns.join(', ')} FROM audit_events WHERE seq = ?`);
      const [two, five] = [get.get(2) as Record<string, unknown>, get.get(5) as Record<string, unknown>];
      const set = db.prepare(`UPDATE audit_events SET ${columns.map((c) => `${c} = @${c}`).join(', ')} WHERE seq = @seq`);
      // id and hash are UNIQUE: park one row first.
      set.run({ ...two, id: 'parked', hash: 'parked', seq: 2 });
      set.run({ ...two, seq: 5 });
      set.run({ ...five, seq: 2 });
    });
    const seqs = (await verify()).problems.map((p) => p.seq);
    expect(seqs).toContain(2);
    expect(seqs).toContain(5);
  });

  it('reports verification progress as job events', async () => {
    const progress: unknown[] = [];
    const off = core.onEvent((name, payload) => name === 'job.progress' && progress.push(payload));
    await core.router.call('trail', 'verify', { jobId: 'verify-1' }, ctx);
    off();
    const total = eventCount();
    expect(progress.at(-1)).toEqual({ jobId: 'verify-1', label: 'Verifying the audit trail', done: total, total });
  });
});
