/**
 * Sync and the organization around it: a new member's first sync brings the org's history page
 * by page (and a restart in the middle resumes from the last page that committed); the device
 * is registered once and sent with every call; an app too old for the server, or a revoked
 * device, pauses sync while local work goes on; a removed member's copy is purged at the next
 * sync, after the changes that could not be sent were written to a file.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { AccountStatus } from '../../../src-shared/domain/account';
import { LOCAL_ORG_ID } from '../../../src-shared/domain/common';
import { seedOrg, type SeededOrg } from '../../support/seed';
import { startStack, type Stack } from '../../support/stack';
import { closeDevice, ok, replicaRows, restart, settled, signedInDevice, syncStatus, until, type Device } from './harness';

let stack: Stack;
let org: SeededOrg;
let a: Device;
const others: Device[] = [];
const POLICIES = 6;

beforeAll(async () => {
  stack = await startStack();
  org = await seedOrg(stack, 'Members Co');
  a = await signedInDevice(stack, org.users.owner);
  for (let i = 0; i < POLICIES; i += 1) await ok(a.core, 'policies', 'create', { title: `Policy ${i + 1}` });
  await settled(a, 'A to send the history');
});

afterAll(async () => {
  await closeDevice(a);
  for (const device of others) await closeDevice(device);
  await stack?.stop();
});

const ledger = async () => Number((await stack.admin.query<{ n: string }>(`select count(*) as n from sync_mutations`)).rows[0].n);
const policyCount = (device: Device) => replicaRows(device.dataDir, org.id, 'SELECT count(*) AS n FROM policies')[0].n as number;

it('a first sync comes page by page with progress, and a restart in the middle resumes after the last page', async () => {
  let device = await signedInDevice(stack, org.users.admin, { core: { syncPageSize: 2 } });
  others.push(device);
  const phases: string[] = [];
  let stopped = false;
  device.core.onEvent((name, payload) => {
    const progress = (payload as { progress?: { phase: string } | null }).progress;
    if (name === 'sync.state' && progress) phases.push(progress.phase);
    // Quit the app right after the first page that brought a policy was committed.
    if (name === 'data.changed' && (payload as { table: string }).table === 'policies' && !stopped) {
      stopped = true;
      device.core.close();
    }
  });
  await until(
    async () => stopped,
    (s) => s,
    'the first page to arrive',
  );
  expect(phases).toContain('first-sync');
  const cursor = replicaRows(device.dataDir, org.id, 'SELECT cursor FROM sync_state')[0].cursor;
  expect(cursor).toMatch(/^v1:/);
  const partial = policyCount(device);
  expect(partial).toBeGreaterThan(0);
  expect(partial).toBeLessThan(POLICIES);

  device = await restart(stack, device);
  others.push(device);
  await settled(device, 'the restarted device to catch up');
  expect(policyCount(device)).toBe(POLICIES);
  expect(await ok(device.core, 'policies', 'list', {})).toMatchObject({ total: POLICIES });
  // Pulled rows are the server's: nothing of them went into the outbox or this replica's own trail.
  expect(replicaRows(device.dataDir, org.id, 'SELECT count(*) AS n FROM outbox')[0].n).toBe(0);
  expect(replicaRows(device.dataDir, org.id, 'SELECT count(*) AS n FROM audit_events')[0].n).toBe(0);
});

it('a first sync tells how many changes are coming and the time left, and reaches the total', async () => {
  const { rows } = await stack.admin.query<{ n: string }>(`select count(*) as n from sync_changes where org_id = $1`, [org.id]);
  const total = Number(rows[0].n);
  expect(total).toBeGreaterThan(4);
  // A clock that moves half a second each time the core reads it, so the rate (and the time
  // left) is known after the first pages whatever this machine's speed.
  let tick = Date.parse('2026-12-01T12:00:00.000Z');
  const device = await signedInDevice(stack, org.users.admin, {
    core: { syncPageSize: 2, now: () => new Date((tick += 500)).toISOString() },
  });
  others.push(device);
  const seen: { phase: string; done: number; total: number | null; etaSeconds: number | null }[] = [];
  device.core.onEvent((name, payload) => {
    const progress = (payload as { progress?: (typeof seen)[number] | null }).progress;
    if (name === 'sync.state' && progress) seen.push(progress);
  });
  await settled(device, 'the first sync');
  const first = seen.filter((p) => p.phase === 'first-sync');
  expect(first.length).toBeGreaterThan(1);
  expect(first.every((p) => p.total === total)).toBe(true);
  expect(first.map((p) => p.done)).toEqual([...first.map((p) => p.done)].sort((x, y) => x - y));
  const timed = first.filter((p) => p.etaSeconds !== null);
  expect(timed.length).toBeGreaterThan(0);
  expect(timed.every((p) => p.etaSeconds! >= 0)).toBe(true);
  expect(first.at(-1)).toMatchObject({ done: total, total, etaSeconds: 0 });
});

it('registers this computer once with an Ed25519 public key and sends it; a revoked device pauses', async () => {
  const device = await signedInDevice(stack, org.users.compliance_officer);
  others.push(device);
  await settled(device, 'the first sync');
  const { rows } = await stack.admin.query<{ id: string; public_key: string; name: string }>(
    `select id, public_key, name from devices where org_id = $1 and user_id = $2`,
    [org.id, org.users.compliance_officer.id],
  );
  expect(rows).toHaveLength(1);
  expect(Buffer.from(rows[0].public_key, 'base64url')).toHaveLength(32);
  expect(replicaRows(device.dataDir, org.id, 'SELECT device_id FROM sync_state')[0].device_id).toBe(rows[0].id);

  await ok(device.core, 'policies', 'create', { title: 'Written by a device' });
  await settled(device, 'the change to be sent');
  const mutation = await stack.admin.query(`select device_id from sync_mutations where user_id = $1`, [
    org.users.compliance_officer.id,
  ]);
  expect(new Set(mutation.rows.map((r) => r.device_id))).toEqual(new Set([rows[0].id]));

  await stack.admin.query(`update devices set revoked_at = now() where id = $1`, [rows[0].id]);
  await ok(device.core, 'policies', 'create', { title: 'Kept on this computer' });
  const paused = await until(
    async () => {
      await ok(device.core, 'sync', 'retryNow');
      return syncStatus(device);
    },
    (s) => s.state === 'paused',
    'sync to pause',
  );
  expect(paused.message).toMatch(/revoked/);
  expect(paused.pausedReason).toBe('device_revoked');
  expect(paused.pending).toBeGreaterThan(0);
});

it('an app too old for the server pauses sync, sends nothing, and local work goes on', async () => {
  const original = (await stack.admin.query<{ def: string }>(`select pg_get_functiondef('public.sync_info'::regproc) as def`))
    .rows[0].def;
  await stack.admin.query(
    `create or replace function public.sync_info() returns jsonb language sql immutable set search_path = ''
     as $$ select jsonb_build_object('server_schema_version', 99, 'min_client_schema_version', 99) $$`,
  );
  try {
    const before = await ledger();
    const policy = await ok<{ id: string }>(a.core, 'policies', 'create', { title: 'Written while paused' });
    const status = await until(
      async () => {
        await ok(a.core, 'sync', 'retryNow');
        return syncStatus(a);
      },
      (s) => s.state === 'paused',
      'sync to pause',
    );
    expect(status.message).toMatch(/too old/);
    expect(status.pausedReason).toBe('update_required');
    expect(status.pending).toBeGreaterThan(0);
    expect(await ledger()).toBe(before);
    expect(await ok(a.core, 'policies', 'get', { id: policy.id })).toMatchObject({ title: 'Written while paused' });
  } finally {
    await stack.admin.query(original);
  }
  // After an update (a restart of the app), it syncs again.
  a = await restart(stack, a);
  await settled(a, 'sync to resume');
});

it('a removed member’s copy is purged at the next sync, after the unsent changes were written to a file', async () => {
  const device = await signedInDevice(stack, org.users.viewer);
  others.push(device);
  await settled(device, 'the viewer’s first sync');
  const editor = await signedInDevice(stack, org.users.auditor);
  others.push(editor);
  await settled(editor, 'the auditor’s first sync');
  await editor.link.down();
  const folder = path.join(editor.dataDir, 'workspaces', org.id);
  // A change made offline that the server will not take any more (arranged in the outbox directly:
  // an auditor has nothing else to write outside an audit).
  const replica = new Database(path.join(folder, 'replica.sqlite3'));
  try {
    replica
      .prepare(
        `INSERT INTO outbox (mutation_id, org_id, table_name, record_id, op, patch, base, created_at)
         VALUES (?, ?, 'policies', ?, 'update', '{"title":"unsent"}', '{}', ?)`,
      )
      .run(randomUUID(), org.id, randomUUID(), new Date().toISOString());
  } finally {
    replica.close();
  }
  await stack.admin.query(`delete from memberships where org_id = $1 and user_id = $2`, [org.id, org.users.auditor.id]);
  await editor.link.up();
  await until(
    async () => {
      await ok(editor.core, 'sync', 'retryNow').catch(() => undefined);
      return existsSync(folder);
    },
    (exists) => !exists,
    'the copy to be purged',
  );
  const account = await until(
    () => ok<AccountStatus>(editor.core, 'account', 'status'),
    (s) => s.notice !== null,
    'the purge notice',
  );
  expect(account.activeOrgId).toBe(LOCAL_ORG_ID);
  expect(account.memberships.map((m) => m.orgId)).not.toContain(org.id);
  const exports = readdirSync(path.join(editor.dataDir, 'exports'));
  expect(exports).toHaveLength(1);
  // The user is told which organization went and where its unsent changes are, until dismissed.
  expect(account.notice).toMatchObject({
    orgId: org.id,
    orgName: 'Members Co',
    exportedPath: path.join(editor.dataDir, 'exports', exports[0]),
  });
  expect(account.notice?.message).not.toBe('');
  const dismissed = await ok<AccountStatus>(editor.core, 'account', 'dismissNotice');
  expect(dismissed.notice).toBeNull();
  expect((await ok<AccountStatus>(editor.core, 'account', 'status')).notice).toBeNull();
  const file = JSON.parse(readFileSync(path.join(editor.dataDir, 'exports', exports[0]), 'utf8')) as {
    orgId: string;
    changes: { patch: { title: string } }[];
  };
  expect(file.orgId).toBe(org.id);
  expect(file.changes.map((c) => c.patch.title)).toEqual(['unsent']);
  // The viewer, still a member, is untouched.
  await settled(device, 'the viewer to keep syncing');
});
