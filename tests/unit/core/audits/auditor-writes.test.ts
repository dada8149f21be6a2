/**
 * An auditor's fieldwork writes in an audit not assigned to them (a result, a finding, a change to
 * or removal of a finding, evidence captured or staged there) answer exactly as a record that is
 * not there, and change nothing: no row, no outbox entry, no trail event. Their own audits take the
 * same calls; other roles are not limited by assignments. Calls go through the router with the
 * core's own guard over a real replica file, inputs parsed by the API's schemas; the role is the
 * membership the server last gave (deps.membership for the handlers, the same role for the guard).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ApiHandlers } from '../../../../src-shared/api';
import type { MemberRole } from '../../../../src-shared/domain/account';
import { auditsHandlers } from '../../../../src-main/core/audits/audits-handlers';
import { findingsHandlers } from '../../../../src-main/core/audits/findings-handlers';
import { callGuard, createCore, type Core } from '../../../../src-main/core/core';
import { evidenceHandlers } from '../../../../src-main/core/evidence/evidence-handlers';
import { createRouter } from '../../../../src-main/core/router/router';
import { trashHandlers } from '../../../../src-main/core/trash/trash-handlers';
import { tempDir } from '../../../support/temp-dir';
import { depsAs, seedAssignment, seedAudit, seedControl, seedEvidence, seedFinding, seedFramework } from '../dashboard/seed';

const NOW = '2026-03-10T09:30:00.000Z';
const ADA = 'a0000000-0000-4000-8000-00000000ada0';
const BOB = 'b0000000-0000-4000-8000-00000000b0b0';
const UNKNOWN = '00000000-0000-4000-8000-000000000000';
const STAGED = '11111111-1111-4111-8111-111111111111';

let dir: ReturnType<typeof tempDir>;
let core: Core;

beforeEach(() => {
  dir = tempDir();
  core = createCore({ dataDir: dir.path, now: () => NOW, log: { error: () => undefined } });
});
afterEach(() => {
  core.close();
  dir.remove();
});

/** The router over the replica's handlers, as Ada with this role in an organization. */
function as(role: MemberRole) {
  const deps = depsAs(core, role);
  const handlers = {
    audits: auditsHandlers(deps),
    findings: findingsHandlers(deps),
    evidence: evidenceHandlers(deps),
    trash: trashHandlers(deps),
  } as unknown as ApiHandlers;
  const router = createRouter(
    handlers,
    { error: () => undefined },
    callGuard({ role: () => role, userId: () => ADA, db: () => core.db }),
  );
  return (ns: string, method: string, input: unknown) => router.call(ns, method, input, { actor: ADA });
}

/** Ada's audit, one she no longer works on, another auditor's, and one nobody is assigned to. */
function seedAudits() {
  const fw = seedFramework(core, 'NIST Low');
  const control = seedControl(core, fw, { key: 'ac-2', title: 'Account Management' });
  const audit = (title: string) => {
    const id = seedAudit(core, { title: `${title} audit`, frameworkId: fw, scope: [control] });
    const finding = seedFinding(core, id, { title: `${title} finding`, severity: 'high' });
    const evidence = seedEvidence(core, { title: `${title} capture`, auditId: id, bytes: Buffer.from(title) }).id;
    return { id, finding, evidence };
  };
  const mine = audit('Mine');
  seedAssignment(core, mine.id, ADA);
  const withdrawn = audit('Withdrawn');
  seedAssignment(core, withdrawn.id, ADA, { withdrawn: true });
  const bobs = audit('Bobs');
  seedAssignment(core, bobs.id, BOB);
  const nobodys = audit('Nobodys');
  return { control, mine, hidden: [withdrawn, bobs, nobodys] };
}

/** Everything a write could leave behind: the fieldwork tables, the outbox, the trail. */
const snapshot = () =>
  Object.fromEntries(
    ['findings', 'audit_results', 'evidence', 'evidence_controls', 'outbox', 'audit_events'].map((table) => [
      table,
      core.db.prepare(`SELECT * FROM ${table} ORDER BY rowid`).all(),
    ]),
  );

/** Every fieldwork write an auditor's role allows, in the audit `auditId` (its finding `findingId`). */
const fieldwork = (
  auditId: string,
  findingId: string,
  controlId: string,
): [string, string, Record<string, unknown>, string][] => [
  ['findings', 'update', { id: findingId, title: 'Changed' }, 'id'],
  ['findings', 'delete', { id: findingId }, 'id'],
  ['findings', 'create', { auditId, title: 'Not mine to write', severity: 'low' }, 'auditId'],
  ['audits', 'recordResult', { auditId, controlId, result: 'fail', notes: 'seen' }, 'auditId'],
  ['evidence', 'add', { title: 'Screenshot', stagedFileId: STAGED, asOfDate: '2026-02-01', auditId }, 'auditId'],
  ['evidence', 'beginUpload', { fileName: 'shot.png', sizeBytes: 10, auditId }, 'auditId'],
];

describe("an auditor's fieldwork outside their audits", () => {
  it('answers exactly as a missing record and changes nothing', async () => {
    const { control, hidden } = seedAudits();
    const call = as('auditor');
    const before = snapshot();
    for (const audit of hidden) {
      for (const [ns, method, input, idKey] of fieldwork(audit.id, audit.finding, control)) {
        const answer = await call(ns, method, input);
        const named = idKey === 'id' ? `finding with id ${audit.finding}` : `audit with id ${audit.id}`;
        expect(answer, `${ns}.${method}`).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: `No ${named}.` } });
        // The same answer as for an id that names nothing (ids swapped back).
        const missing = await call(ns, method, { ...input, [idKey]: UNKNOWN });
        expect(JSON.stringify(missing).replaceAll(UNKNOWN, input[idKey] as string), `${ns}.${method}`).toBe(
          JSON.stringify(answer),
        );
      }
    }
    expect(snapshot()).toEqual(before);
  });

  it('keeps the record writes their role never allows refused in the same words, hidden or not', async () => {
    const { mine, hidden } = seedAudits();
    const call = as('auditor');
    const refusal = {
      ok: false,
      error: {
        code: 'FORBIDDEN',
        message: 'As auditor in this organization you cannot change frameworks, controls, policies or evidence.',
      },
    };
    const before = snapshot();
    for (const id of [mine.evidence, hidden[1]!.evidence, UNKNOWN]) {
      expect(await call('evidence', 'update', { id, title: 'Changed' })).toEqual(refusal);
      expect(await call('evidence', 'delete', { id })).toEqual(refusal);
      expect(await call('trash', 'restore', { kind: 'evidence', id })).toEqual(refusal);
    }
    expect(snapshot()).toEqual(before);
  });
});

describe("an auditor's fieldwork in their own audit", () => {
  it('is taken', async () => {
    const { control, mine } = seedAudits();
    const call = as('auditor');
    const trail = () => core.db.prepare('SELECT count(*) FROM audit_events').pluck().get() as number;
    const before = trail();
    expect(await call('findings', 'update', { id: mine.finding, title: 'Mine, edited' })).toMatchObject({
      ok: true,
      value: { title: 'Mine, edited' },
    });
    expect(await call('findings', 'create', { auditId: mine.id, title: 'Mine to write', severity: 'low' })).toMatchObject({
      ok: true,
    });
    expect(await call('audits', 'recordResult', { auditId: mine.id, controlId: control, result: 'pass' })).toMatchObject({
      ok: true,
      value: { result: 'pass' },
    });
    expect(await call('evidence', 'beginUpload', { fileName: 'shot.png', sizeBytes: 10, auditId: mine.id })).toMatchObject({
      ok: true,
    });
    expect(await call('findings', 'delete', { id: mine.finding })).toMatchObject({ ok: true });
    expect(trail()).toBeGreaterThan(before);
  });

  it('answers an unknown record in their own words, unchanged', async () => {
    const call = as('auditor');
    expect(await call('findings', 'update', { id: UNKNOWN, title: 'x' })).toEqual({
      ok: false,
      error: { code: 'NOT_FOUND', message: `No finding with id ${UNKNOWN}.` },
    });
  });
});

describe('other roles', () => {
  it.each(['owner', 'admin'] as const)('%s records fieldwork in any audit', async (role) => {
    const { control, hidden } = seedAudits();
    const call = as(role);
    for (const audit of hidden) {
      expect(await call('findings', 'update', { id: audit.finding, title: 'Planned by them' })).toMatchObject({ ok: true });
      expect(await call('audits', 'recordResult', { auditId: audit.id, controlId: control, result: 'pass' })).toMatchObject({
        ok: true,
      });
      expect(await call('findings', 'create', { auditId: audit.id, title: 'Theirs', severity: 'low' })).toMatchObject({
        ok: true,
      });
    }
  });

  it.each(['compliance_officer', 'viewer'] as const)('%s is refused fieldwork by role, as before', async (role) => {
    const { hidden } = seedAudits();
    const call = as(role);
    expect(await call('findings', 'update', { id: hidden[1]!.finding, title: 'x' })).toEqual({
      ok: false,
      error: {
        code: 'FORBIDDEN',
        message: `As ${role.replace('_', ' ')} in this organization you cannot record audit results, findings or evidence in an audit.`,
      },
    });
  });
});
