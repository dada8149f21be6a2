/**
 * DESIGN §4.1: a local change and its outbox entry (and audit-trail event) commit together or
 * not at all, and everything acknowledged survives closing and reopening the replica file.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../../src-main/core/core';
import { pendingCount } from '../../../../src-main/core/sync/changes';
import { tempDir } from '../../../support/temp-dir';

let dir: ReturnType<typeof tempDir>;
let core: Core;
const ctx = { actor: 'local' };

beforeEach(() => {
  dir = tempDir();
  core = createCore({ dataDir: dir.path, log: { error: () => undefined } });
});
afterEach(() => {
  core.close();
  dir.remove();
});

const outbox = () =>
  core.db.prepare("SELECT table_name, op, patch, base FROM outbox WHERE table_name = 'policies' ORDER BY seq").all() as {
    table_name: string;
    op: string;
    patch: string;
    base: string | null;
  }[];
const events = () => (core.db.prepare('SELECT count(*) AS n FROM audit_events').get() as { n: number }).n;

describe('outbox', () => {
  it('writes one entry per change, with the changed fields and their previous values', async () => {
    const created = await core.router.call('policies', 'create', { title: 'Backup Policy', body: 'v1' }, ctx);
    if (!created.ok) throw new Error(created.error.message);
    const id = (created.value as { id: string }).id;
    await core.router.call('policies', 'update', { id, body: 'v2' }, ctx);
    await core.router.call('policies', 'delete', { id }, ctx);

    const entries = outbox();
    expect(entries.map((e) => e.op)).toEqual(['insert', 'update', 'delete']);
    expect(entries.every((e) => e.table_name === 'policies')).toBe(true);
    const update = entries.find((e) => e.op === 'update')!;
    expect(JSON.parse(update.patch)).toMatchObject({ body: 'v2' });
    expect(JSON.parse(update.base!)).toMatchObject({ body: 'v1' });
    expect(Object.keys(JSON.parse(update.patch))).not.toContain('title');
    expect(events()).toBe(pendingCount(core.db));
  });

  it('an update that changes nothing writes nothing', async () => {
    const created = await core.router.call('policies', 'create', { title: 'Same' }, ctx);
    const id = (created as { value: { id: string } }).value.id;
    const before = pendingCount(core.db);
    await core.router.call('policies', 'update', { id, title: 'Same' }, ctx);
    expect(pendingCount(core.db)).toBe(before);
  });

  it('a change that fails leaves neither the row nor an outbox entry nor a trail event', async () => {
    core.db.exec("CREATE TRIGGER fail_outbox BEFORE INSERT ON outbox BEGIN SELECT RAISE(ABORT, 'outbox full'); END;");
    const answer = await core.router.call('policies', 'create', { title: 'Never half-written' }, ctx);
    expect(answer.ok).toBe(false);
    expect(core.db.prepare('SELECT count(*) AS n FROM policies').get()).toEqual({ n: 0 });
    expect(pendingCount(core.db)).toBe(0);
    expect(events()).toBe(0);
  });

  it('acknowledged changes survive closing and reopening the replica', async () => {
    await core.router.call('policies', 'create', { title: 'Durable', body: 'kept' }, ctx);
    core.close();
    core = createCore({ dataDir: dir.path, log: { error: () => undefined } });
    const list = await core.router.call('policies', 'list', { query: 'kept' }, ctx);
    expect(list).toMatchObject({ ok: true, value: { total: 1, items: [{ title: 'Durable' }] } });
    expect(outbox()).toHaveLength(1);
  });
});
