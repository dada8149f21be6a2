/**
 * Auditors see what they are assigned, against the real core and the stack: the assignments
 * arrive by pull; the auditor's audit list holds only their audits, another audit reads as a
 * missing one, and fieldwork (a result, a finding, evidence captured in an audit) outside their
 * audits is refused by the app as a missing record before anything is queued, exactly where the
 * server would refuse it.
 * Inside their audit the same calls are made and the server takes them.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { seedOrg, type SeededOrg } from '../../support/seed';
import { startStack, type Stack } from '../../support/stack';
import { call, closeDevice, eventually, ok, settled, signedInDevice, until, type Device } from './harness';
import { stagedId } from '../../support/staged-file';

const tiny = readFileSync(path.resolve(__dirname, '../../fixtures/oscal/tiny-catalog.json'), 'utf8');
/** The answer for a record that is not there, as for an unknown id. */
const missing = (what: string, id: string) => ({ ok: false, error: { code: 'NOT_FOUND', message: `No ${what} with id ${id}.` } });

let stack: Stack;
let org: SeededOrg;
let owner: Device;
let auditor: Device;
let mine: string;
let theirs: string;
let controlId: string;

beforeAll(async () => {
  stack = await startStack();
  org = await seedOrg(stack, 'Assigned Co');
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
  mine = (await audit('Mine')).id;
  theirs = (await audit('Not mine')).id;
  for (const id of [mine, theirs]) await ok(owner.core, 'audits', 'update', { id, status: 'fieldwork' });
  await settled(owner, 'the owner to send the audits');
  await stack.admin.query(`insert into audit_assignments (org_id, audit_id, user_id) values ($1, $2, $3)`, [
    org.id,
    mine,
    org.users.auditor.id,
  ]);
  auditor = await signedInDevice(stack, org.users.auditor);
  await eventually<{ status: string }>(
    auditor,
    'audits',
    'get',
    { id: mine },
    (a) => a.status === 'fieldwork',
    'my audit to arrive',
  );
});

afterAll(async () => {
  await closeDevice(owner);
  await closeDevice(auditor);
  await stack?.stop();
});

const outboxTotal = async (device: Device) => (await ok<{ total: number }>(device.core, 'sync', 'outbox', {})).total;

it('lists only the audits assigned to the auditor, and answers opening another as a missing one', async () => {
  const list = await ok<{ items: { id: string }[]; total: number }>(auditor.core, 'audits', 'list', {});
  expect(list).toMatchObject({ total: 1, items: [{ id: mine }] });
  // As for an id that names nothing: the audit's existence (and title) is not revealed.
  expect(await call(auditor.core, 'audits', 'get', { id: theirs })).toEqual({
    ok: false,
    error: { code: 'NOT_FOUND', message: `No audit with id ${theirs}.` },
  });
  // Owners and admins plan every audit: not limited by assignments.
  expect((await ok<{ total: number }>(owner.core, 'audits', 'list', {})).total).toBe(2);
});

it('refuses fieldwork outside the assigned audits before anything is queued, and takes it inside', async () => {
  const before = await outboxTotal(auditor);
  const attempts: [string, string, unknown][] = [
    ['audits', 'recordResult', { auditId: theirs, controlId, result: 'fail' }],
    ['findings', 'create', { auditId: theirs, title: 'Not mine to write', severity: 'low' }],
    [
      'evidence',
      'add',
      {
        title: 'Screenshot',
        stagedFileId: await stagedId(auditor.core, 'seen', 'shot.txt'),
        asOfDate: '2026-02-01',
        auditId: theirs,
      },
    ],
  ];
  for (const [ns, method, input] of attempts) {
    expect(await call(auditor.core, ns, method, input)).toEqual(missing('audit', theirs));
  }
  expect(await outboxTotal(auditor)).toBe(before);

  // The owner's finding in the other audit reaches the auditor; editing it is fieldwork there too.
  const ownerFinding = await ok<{ id: string }>(owner.core, 'findings', 'create', {
    auditId: theirs,
    title: 'Owner’s',
    severity: 'low',
  });
  await settled(owner, 'the owner’s finding to be sent');
  // It reaches the replica, but the auditor reads it as missing (not their audit).
  await until(
    async () => auditor.core.db.prepare('SELECT 1 FROM findings WHERE id = ?').get(ownerFinding.id) !== undefined,
    (here) => here,
    'the owner’s finding to arrive',
  );
  expect(await call(auditor.core, 'findings', 'get', { id: ownerFinding.id })).toEqual({
    ok: false,
    error: { code: 'NOT_FOUND', message: `No finding with id ${ownerFinding.id}.` },
  });
  expect(await call(auditor.core, 'findings', 'update', { id: ownerFinding.id, title: 'Changed' })).toEqual(
    missing('finding', ownerFinding.id),
  );
  expect(await outboxTotal(auditor)).toBe(before);

  // In the assigned audit the same calls go, and the server takes them (nothing refused).
  const result = await ok<{ id: string }>(auditor.core, 'audits', 'recordResult', { auditId: mine, controlId, result: 'pass' });
  const finding = await ok<{ id: string }>(auditor.core, 'findings', 'create', {
    auditId: mine,
    title: 'Mine to write',
    severity: 'low',
  });
  await ok(auditor.core, 'findings', 'update', { id: finding.id, title: 'Mine, edited' });
  const status = await settled(auditor, 'the auditor’s fieldwork to be sent');
  expect(status).toMatchObject({ attention: 0 });
  expect((await stack.admin.query(`select result from audit_results where id = $1`, [result.id])).rows).toEqual([
    { result: 'pass' },
  ]);
  expect((await stack.admin.query(`select title from findings where id = $1`, [finding.id])).rows).toEqual([
    { title: 'Mine, edited' },
  ]);
});
