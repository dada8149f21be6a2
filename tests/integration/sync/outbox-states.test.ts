/**
 * What happens to a change the server refuses: a refusal for good (an auditor writing in an
 * audit they are not assigned to) is marked rejected, needs attention, is never sent again, can
 * be exported and discarded (recorded in the trail), and blocks nothing else; a refusal that
 * may pass (its parent is not on the server) is retried with backoff and blocks nothing else.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { seedOrg, type SeededOrg } from '../../support/seed';
import { startStack, type Stack } from '../../support/stack';
import {
  call,
  closeDevice,
  eventually,
  ok,
  replicaRows,
  settled,
  signedInDevice,
  syncStatus,
  until,
  type Device,
} from './harness';

const tiny = readFileSync(path.resolve(__dirname, '../../fixtures/oscal/tiny-catalog.json'), 'utf8');

let stack: Stack;
let org: SeededOrg;
let owner: Device;
let auditor: Device;
let assigned: string;
let other: string;
let controlId: string;

beforeAll(async () => {
  stack = await startStack();
  org = await seedOrg(stack, 'Refusals Co');
  owner = await signedInDevice(stack, org.users.owner);
  const { frameworkId } = await ok<{ frameworkId: string }>(owner.core, 'frameworks', 'importFile', {
    fileName: 'tiny.json',
    content: tiny,
    jobId: 'import',
  });
  controlId = (await ok<{ items: { id: string }[] }>(owner.core, 'controls', 'list', { frameworkId })).items[0].id;
  const audit = (title: string) =>
    ok<{ id: string }>(owner.core, 'audits', 'create', {
      title,
      frameworkId,
      windowStart: '2026-01-01',
      windowEnd: '2026-03-31',
    });
  assigned = (await audit('Assigned audit')).id;
  other = (await audit('Someone else’s audit')).id;
  for (const id of [assigned, other]) await ok(owner.core, 'audits', 'update', { id, status: 'fieldwork' });
  await settled(owner, 'the owner to send the audits');
  await stack.admin.query(`insert into audit_assignments (org_id, audit_id, user_id) values ($1, $2, $3)`, [
    org.id,
    assigned,
    org.users.auditor.id,
  ]);
  auditor = await signedInDevice(stack, org.users.auditor);
  await eventually<{ status: string }>(
    auditor,
    'audits',
    'get',
    { id: assigned },
    (a) => a.status === 'fieldwork',
    'the audits to reach the auditor',
  );
});

afterAll(async () => {
  await closeDevice(owner);
  await closeDevice(auditor);
  await stack?.stop();
});

type Item = {
  mutationId: string;
  table: string;
  recordLabel: string;
  state: string;
  reason: string | null;
  lastError: string | null;
  attempts: number;
  nextAttemptAt: string | null;
};

const ledger = async (userId: string) =>
  Number(
    (await stack.admin.query<{ n: string }>(`select count(*) as n from sync_mutations where user_id = $1`, [userId])).rows[0].n,
  );

it('a refusal for good needs attention, is not sent again, blocks nothing, and can be exported and discarded', async () => {
  // The assigned-audit tables came with the pull: the auditor's replica knows where it may work.
  expect(replicaRows(auditor.dataDir, org.id, 'SELECT audit_id, user_id FROM audit_assignments')).toEqual([
    { audit_id: assigned, user_id: org.users.auditor.id },
  ]);
  // The app itself refuses fieldwork outside the auditor's audits (audit-assignments.test.ts);
  // a change made before the assignment was withdrawn still goes, and the server refuses it.
  const refused = { id: randomUUID() };
  const replica = new Database(path.join(auditor.dataDir, 'workspaces', org.id, 'replica.sqlite3'));
  try {
    replica
      .prepare(
        `INSERT INTO outbox (mutation_id, org_id, table_name, record_id, op, patch, base, created_at)
         VALUES (?, ?, 'findings', ?, 'insert', ?, NULL, ?)`,
      )
      .run(
        randomUUID(),
        org.id,
        refused.id,
        JSON.stringify({ audit_id: other, title: 'Not mine to write', severity: 'low' }),
        new Date().toISOString(),
      );
  } finally {
    replica.close();
  }
  const accepted = await ok<{ id: string }>(auditor.core, 'audits', 'recordResult', {
    auditId: assigned,
    controlId,
    result: 'pass',
  });
  const status = await until(
    async () => {
      await ok(auditor.core, 'sync', 'retryNow');
      return syncStatus(auditor);
    },
    (s) => s.attention === 1 && s.pending === 0,
    'the refusal to be marked',
  );
  expect(status.state).toBe('idle');
  const { rows } = await stack.admin.query(`select result from audit_results where id = $1`, [accepted.id]);
  expect(rows).toEqual([{ result: 'pass' }]);

  const { items } = await ok<{ items: Item[] }>(auditor.core, 'sync', 'outbox', { state: 'rejected' });
  expect(items).toEqual([
    expect.objectContaining({
      table: 'findings',
      recordLabel: expect.any(String),
      state: 'rejected',
      reason: 'forbidden',
      attempts: 1,
      nextAttemptAt: null,
    }),
  ]);
  expect(items[0].lastError).toBeTruthy();

  // Never sent again, whatever asks for a round.
  const sent = await ledger(org.users.auditor.id);
  await ok(auditor.core, 'sync', 'retryNow');
  await ok(auditor.core, 'sync', 'retryNow');
  expect(await ledger(org.users.auditor.id)).toBe(sent);

  const exported = await ok<{ path: string; count: number }>(auditor.core, 'sync', 'exportRejected', {});
  expect(exported.count).toBe(1);
  const file = JSON.parse(readFileSync(exported.path, 'utf8')) as {
    changes: { recordId: string; reason: string; patch: { title: string } }[];
  };
  expect(file.changes).toEqual([
    expect.objectContaining({
      recordId: refused.id,
      reason: 'forbidden',
      patch: expect.objectContaining({ title: 'Not mine to write' }),
    }),
  ]);

  // Discarding the refused change is recorded in the record's trail.
  expect(await ok(auditor.core, 'sync', 'discard', { mutationId: items[0].mutationId })).toEqual({ discarded: true });
  expect(await ok(auditor.core, 'sync', 'discard', { mutationId: items[0].mutationId })).toEqual({ discarded: false });
  const trail = await ok<{ events: { changes: { field: string; after: unknown }[] }[] }>(auditor.core, 'trail', 'forRecord', {
    table: 'findings',
    id: refused.id,
  });
  const discard = trail.events.flatMap((e) => e.changes);
  expect(discard).toEqual(
    expect.arrayContaining([
      { field: 'discarded_mutation_id', before: null, after: items[0].mutationId },
      expect.objectContaining({
        field: 'unsent_change',
        after: expect.stringMatching(/^discarded unsent change; the server refused it \(forbidden\)/),
      }),
    ]),
  );
});

it('a refusal that may pass is retried with backoff and blocks no other record', async () => {
  // A finding of an audit the server has never seen: the reference is missing (for now).
  const orphan = randomUUID();
  const missingAudit = randomUUID();
  const replica = new Database(path.join(owner.dataDir, 'workspaces', org.id, 'replica.sqlite3'));
  try {
    replica
      .prepare(
        `INSERT INTO outbox (mutation_id, org_id, table_name, record_id, op, patch, base, created_at)
         VALUES (?, ?, 'findings', ?, 'insert', ?, NULL, ?)`,
      )
      .run(
        randomUUID(),
        org.id,
        orphan,
        JSON.stringify({ audit_id: missingAudit, title: 'Orphan', severity: 'low' }),
        new Date().toISOString(),
      );
  } finally {
    replica.close();
  }
  const policy = await ok<{ id: string }>(owner.core, 'policies', 'create', { title: 'Sent regardless' });
  const item = await until(
    async () => {
      await ok(owner.core, 'sync', 'retryNow');
      return (await ok<{ items: Item[] }>(owner.core, 'sync', 'outbox', {})).items;
    },
    (list) => list.length === 1 && list[0].state === 'retrying',
    'the orphan to be retried',
  );
  expect(item[0]).toMatchObject({ reason: 'missing_reference', attempts: expect.any(Number) });
  expect(item[0].attempts).toBeGreaterThanOrEqual(1);
  expect(Date.parse(item[0].nextAttemptAt ?? '')).toBeGreaterThan(Date.now() - 60_000);
  const { rows } = await stack.admin.query(`select title from policies where id = $1`, [policy.id]);
  expect(rows).toEqual([{ title: 'Sent regardless' }]);
  expect(await syncStatus(owner)).toMatchObject({ pending: 1, attention: 0, stalled: 0 });
  // It is still being sent: it cannot be discarded.
  expect(await call(owner.core, 'sync', 'discard', { mutationId: item[0].mutationId })).toMatchObject({
    ok: false,
    error: { code: 'CONFLICT' },
  });
  expect(await syncStatus(owner)).toMatchObject({ pending: 1 });

  // The parent arrives on the server: the same mutation, sent again, applies (the ledger kept no answer).
  await stack.admin.query(`insert into audits (id, org_id, title) values ($1, $2, 'Arrived later')`, [missingAudit, org.id]);
  await until(
    async () => {
      await ok(owner.core, 'sync', 'retryNow');
      return syncStatus(owner);
    },
    (s) => s.pending === 0 && s.attention === 0,
    'the retried change to apply',
  );
  const finding = await stack.admin.query(`select title, audit_id from findings where id = $1`, [orphan]);
  expect(finding.rows).toEqual([{ title: 'Orphan', audit_id: missingAudit }]);
  // The answer's row waited for its audit, which the pull brought: both are in the replica now.
  await eventually<{ title: string }>(
    owner,
    'findings',
    'get',
    { id: orphan },
    (f) => f.title === 'Orphan',
    'the finding to be shown',
  );
  expect(replicaRows(owner.dataDir, org.id, 'SELECT count(*) AS n FROM sync_held')[0].n).toBe(0);
});

it('a change the server keeps refusing (another org’s record) stalls, and can be exported and discarded', async () => {
  // Another organization's audit: the server answers exactly as for a missing one, which may
  // pass, so the change is retried; it never does pass, and after 10 minutes it is stalled.
  const elsewhere = randomUUID();
  const theirAudit = randomUUID();
  await stack.admin.query(`insert into organizations (id, name) values ($1, 'Elsewhere Ltd')`, [elsewhere]);
  await stack.admin.query(`insert into audits (id, org_id, title) values ($1, $2, 'Their audit')`, [theirAudit, elsewhere]);
  const findingId = randomUUID();
  const mutationId = randomUUID();
  const replicaFile = path.join(owner.dataDir, 'workspaces', org.id, 'replica.sqlite3');
  const writeReplica = (sql: string, ...args: unknown[]) => {
    const replica = new Database(replicaFile);
    try {
      replica.prepare(sql).run(...args);
    } finally {
      replica.close();
    }
  };
  writeReplica(
    `INSERT INTO outbox (mutation_id, org_id, table_name, record_id, op, patch, base, created_at)
     VALUES (?, ?, 'findings', ?, 'insert', ?, NULL, ?)`,
    mutationId,
    org.id,
    findingId,
    JSON.stringify({ audit_id: theirAudit, title: 'Points elsewhere', severity: 'low' }),
    new Date().toISOString(),
  );
  const retrying = await until(
    async () => {
      await ok(owner.core, 'sync', 'retryNow');
      return (await ok<{ items: Item[] }>(owner.core, 'sync', 'outbox', {})).items.find((i) => i.mutationId === mutationId);
    },
    (i) => i?.state === 'retrying',
    'the foreign reference to be retried',
  );
  expect(retrying).toMatchObject({ reason: 'missing_reference' });
  // Still within 10 minutes: not for a person yet.
  expect(await call(owner.core, 'sync', 'discard', { mutationId })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
  expect((await ok<{ total: number }>(owner.core, 'sync', 'outbox', { state: 'attention' })).total).toBe(0);

  // Its first failure was 11 minutes ago (the engine keeps the first failure's time on each retry).
  writeReplica(
    `UPDATE outbox SET first_failed_at = ? WHERE mutation_id = ?`,
    new Date(Date.now() - 11 * 60_000).toISOString(),
    mutationId,
  );
  await ok(owner.core, 'sync', 'retryNow');
  expect(await syncStatus(owner)).toMatchObject({ stalled: 1, attention: 0 });
  const attention = await ok<{ items: Item[]; total: number }>(owner.core, 'sync', 'outbox', { state: 'attention' });
  expect(attention.total).toBe(1);
  expect(attention.items[0]).toMatchObject({ mutationId, state: 'stalled', reason: 'missing_reference' });

  const exported = await ok<{ path: string; count: number }>(owner.core, 'sync', 'exportRejected', { mutationIds: [mutationId] });
  expect(exported.count).toBe(1);
  const file = JSON.parse(readFileSync(exported.path, 'utf8')) as {
    changes: { recordId: string; state: string; reason: string }[];
  };
  expect(file.changes).toEqual([expect.objectContaining({ recordId: findingId, state: 'stalled', reason: 'missing_reference' })]);

  expect(await ok(owner.core, 'sync', 'discard', { mutationId })).toEqual({ discarded: true });
  expect(await syncStatus(owner)).toMatchObject({ stalled: 0, pending: 0 });
  const trail = await ok<{ events: { changes: { field: string; after: unknown }[] }[] }>(owner.core, 'trail', 'forRecord', {
    table: 'findings',
    id: findingId,
  });
  expect(trail.events.flatMap((e) => e.changes)).toEqual(
    expect.arrayContaining([
      { field: 'discarded_mutation_id', before: null, after: mutationId },
      expect.objectContaining({
        field: 'unsent_change',
        after: expect.stringMatching(/^discarded unsent change; the server kept refusing it \(missing_reference\)/),
      }),
    ]),
  );
  // Nothing reached the server, in either organization.
  expect((await stack.admin.query(`select id from findings where id = $1`, [findingId])).rows).toEqual([]);
});
