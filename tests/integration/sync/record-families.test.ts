/**
 * Insert, update and delete of every family of records, made on A through the app's own calls,
 * arrive on B through the server (real PostgreSQL, the gateway, supabase-js in both cores):
 * frameworks and controls, policies with revisions and control links, evidence with links,
 * audits with scope, results and findings. An edit on B comes back to A.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { seedOrg, type SeededOrg } from '../../support/seed';
import { startStack, type Stack } from '../../support/stack';
import { closeDevice, eventually, ok, replicaRows, settled, signedInDevice, type Device } from './harness';
import { stagedId } from '../../support/staged-file';

const tiny = readFileSync(path.resolve(__dirname, '../../fixtures/oscal/tiny-catalog.json'), 'utf8');

let stack: Stack;
let org: SeededOrg;
let a: Device;
let b: Device;

beforeAll(async () => {
  stack = await startStack();
  org = await seedOrg(stack, 'Families Co');
  a = await signedInDevice(stack, org.users.owner);
  b = await signedInDevice(stack, org.users.admin);
});

afterAll(async () => {
  await closeDevice(a);
  await closeDevice(b);
  await stack?.stop();
});

const rowsOn = (device: Device, sql: string, ...params: unknown[]) => replicaRows(device.dataDir, org.id, sql, ...params);

/** The synced tables' rows as B has them, without what only the replica keeps. */
const snapshot = (device: Device, table: string) =>
  rowsOn(device, `SELECT * FROM ${table} ORDER BY id`).map(({ row_version: _v, ...row }) => row);

it('every record family made on A arrives on B as A has it, and B’s edits come back', async () => {
  await settled(a, 'A’s first sync (it registers the device)');
  const { frameworkId } = await ok<{ frameworkId: string }>(a.core, 'frameworks', 'importFile', {
    fileName: 'tiny.json',
    content: tiny,
    jobId: 'import-1',
  });
  const controls = await ok<{ items: { id: string }[] }>(a.core, 'controls', 'list', { frameworkId });
  const [first, second] = controls.items;
  const policy = await ok<{ id: string }>(a.core, 'policies', 'create', { title: 'Access Control Policy' });
  await ok(a.core, 'policies', 'update', { id: policy.id, body: 'Review accounts quarterly.' });
  await ok(a.core, 'policies', 'linkControl', { policyId: policy.id, controlId: first.id });
  const evidence = await ok<{ id: string }>(a.core, 'evidence', 'add', {
    title: 'Access review export',
    stagedFileId: await stagedId(a.core, 'reviewed 12 accounts', 'review.txt'),
    asOfDate: '2026-11-30',
    controlIds: [first.id, second.id],
  });
  const audit = await ok<{ id: string }>(a.core, 'audits', 'create', {
    title: 'SOC 2 2026',
    frameworkId,
    windowStart: '2026-01-01',
    windowEnd: '2026-06-30',
    auditors: ['Ana', 'Ben'],
  });
  await ok(a.core, 'audits', 'update', { id: audit.id, status: 'fieldwork' });
  await ok(a.core, 'audits', 'recordResult', {
    auditId: audit.id,
    controlId: first.id,
    result: 'fail',
    notes: 'two stale accounts',
  });
  const finding = await ok<{ id: string }>(a.core, 'findings', 'create', {
    auditId: audit.id,
    controlId: first.id,
    title: 'Stale accounts',
    severity: 'high',
  });
  await ok(a.core, 'controls', 'update', { id: second.id, status: 'implemented', notes: 'done in Q3' });
  await settled(a, 'A to send everything');
  expect(rowsOn(a, `SELECT count(*) AS n FROM outbox`)[0].n).toBe(0);

  await eventually<{ id: string }>(
    b,
    'findings',
    'get',
    { id: finding.id },
    (f) => f.id === finding.id,
    'the finding to reach B',
  );
  await settled(b, 'B to catch up');
  for (const table of [
    'frameworks',
    'controls',
    'control_implementations',
    'policies',
    'policy_revisions',
    'policy_controls',
    'evidence',
    'evidence_controls',
    'audits',
    'audit_scope',
    'audit_results',
    'findings',
  ]) {
    const onA = snapshot(a, table);
    expect(onA.length, `${table} on A`).toBeGreaterThan(0);
    // Times are compared as the replica keeps them: A's own stamps were replaced by the server's on the answer.
    expect(snapshot(b, table), table).toEqual(onA);
  }
  expect(await ok(b.core, 'audits', 'get', { id: audit.id })).toMatchObject({
    auditors: ['Ana', 'Ben'],
    progress: { inScope: controls.items.length, tested: 1, failed: 1, openFindings: 1 },
  });
  expect(await ok(b.core, 'evidence', 'get', { id: evidence.id })).toMatchObject({ title: 'Access review export' });
  // Captured on A: the server row names A's registered device (never '').
  const captured = await stack.admin.query(
    `select e.device_id from evidence e join devices d on d.id = e.device_id where e.id = $1 and d.user_id = $2`,
    [evidence.id, org.users.owner.id],
  );
  expect(captured.rows).toHaveLength(1);

  // Deletes are tombstones, and they travel too; an edit on B comes back to A.
  await ok(a.core, 'evidence', 'delete', { id: evidence.id });
  await ok(a.core, 'policies', 'unlinkControl', { policyId: policy.id, controlId: first.id });
  await ok(b.core, 'findings', 'update', { id: finding.id, status: 'in_remediation', owner: 'IT' });
  await settled(a, 'A to send the deletes');
  await settled(b, 'B to send its edit');
  await eventually<{ items: { id: string }[] }>(
    b,
    'evidence',
    'list',
    {},
    (list) => list.items.length === 0,
    'the delete to reach B',
  );
  await eventually<{ status: string; owner: string }>(
    a,
    'findings',
    'get',
    { id: finding.id },
    (f) => f.status === 'in_remediation' && f.owner === 'IT',
    'B’s edit to reach A',
  );
  await eventually<unknown[]>(
    b,
    'policies',
    'linkedControls',
    { policyId: policy.id },
    (links) => links.length === 0,
    'the unlink to reach B',
  );
  expect(await ok(b.core, 'sync', 'status')).toMatchObject({ attention: 0, pending: 0 });
  expect(await ok(a.core, 'sync', 'status')).toMatchObject({ attention: 0, pending: 0 });
});
