/**
 * Every read an auditor reaches holds only the audits assigned to them, as their audits list,
 * search and dashboard do: findings, scope, the closing check, evidence captured in an audit, the
 * audit package, trails, offline files and the Trash. A hidden record read by id answers exactly
 * as a missing one, so its id's existence is not revealed; lists leave hidden rows (and counts)
 * out. Other roles and the local workspace are not limited. The handlers run over a real replica
 * file and blob store, inputs parsed by the API's own schemas as the router does; the role is
 * the membership the server last gave (deps.membership).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { api, type CallContext } from '../../../../src-shared/api';
import type { MemberRole } from '../../../../src-shared/domain/account';
import { AppError } from '../../../../src-shared/errors';
import { auditsHandlers } from '../../../../src-main/core/audits/audits-handlers';
import { findingsHandlers } from '../../../../src-main/core/audits/findings-handlers';
import { trailHandlers } from '../../../../src-main/core/audit-trail/trail-handlers';
import { createCore, type Core } from '../../../../src-main/core/core';
import { evidenceHandlers } from '../../../../src-main/core/evidence/evidence-handlers';
import { exportsHandlers } from '../../../../src-main/core/exports/exports-handlers';
import { createWorkspaceTransfers } from '../../../../src-main/core/transfers/transfers';
import { trashHandlers } from '../../../../src-main/core/trash/trash-handlers';
import { tempDir } from '../../../support/temp-dir';
import {
  depsAs,
  seedAssignment,
  seedAudit,
  seedControl,
  seedEvidence,
  seedFinding,
  seedFramework,
  seedResult,
} from '../dashboard/seed';

const NOW = '2026-03-10T09:30:00.000Z';
const ADA = 'a0000000-0000-4000-8000-00000000ada0';
const BOB = 'b0000000-0000-4000-8000-00000000b0b0';
const UNKNOWN = '00000000-0000-4000-8000-000000000000';

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

type Answer = { ok: true; value: unknown } | { ok: false; error: { code: string; message: string } };

/** The replica's handlers as Ada with this role (null: no membership, the local workspace). */
function as(role: MemberRole | null) {
  const deps = depsAs(core, role);
  const handlers = {
    audits: auditsHandlers(deps),
    findings: findingsHandlers(deps),
    evidence: evidenceHandlers(deps),
    exports: exportsHandlers(deps),
    trail: trailHandlers(deps),
    trash: trashHandlers(deps),
    files: createWorkspaceTransfers(deps).handlers,
  };
  const ctx: CallContext = { actor: ADA };
  /** One call as the router makes it: the input parsed by the method's schema, an error as words. */
  const call = async (ns: keyof typeof handlers, method: string, input: unknown): Promise<Answer> => {
    const def = (api as unknown as Record<string, Record<string, { input: { parse(v: unknown): unknown } }>>)[ns]![method]!;
    const handler = (handlers[ns] as Record<string, (i: unknown, c: CallContext) => unknown>)[method]!;
    try {
      return { ok: true, value: await handler(def.input.parse(input), ctx) };
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      return { ok: false, error: { code: error.code, message: error.message } };
    }
  };
  const ok = async <T>(ns: keyof typeof handlers, method: string, input: unknown): Promise<T> => {
    const answer = await call(ns, method, input);
    if (!answer.ok) throw new Error(`${ns}.${method}: ${answer.error.message}`);
    return answer.value as T;
  };
  return { call, ok };
}

/** The answer for an id swapped for one that names nothing (ids in the message swapped back). */
async function asMissing(
  role: MemberRole | null,
  ns: Parameters<ReturnType<typeof as>['call']>[0],
  method: string,
  input: Record<string, unknown>,
  idKey: string,
) {
  const hiddenId = input[idKey] as string;
  const answer = await as(role).call(ns, method, { ...input, [idKey]: UNKNOWN });
  if (answer.ok) return answer;
  return { ...answer, error: { ...answer.error, message: answer.error.message.replaceAll(UNKNOWN, hiddenId) } };
}

/** Ada's audit, one she no longer works on, another auditor's, and one nobody is assigned to. */
function seedAudits() {
  const fw = seedFramework(core, 'NIST Low');
  const control = seedControl(core, fw, { key: 'ac-2', title: 'Account Management' });
  const audit = (title: string) => {
    const id = seedAudit(core, { title: `${title} audit`, frameworkId: fw, scope: [control] });
    const finding = seedFinding(core, id, { title: `${title} finding`, severity: 'high' });
    seedResult(core, id, control, 'fail', `${title} note`);
    const evidence = seedEvidence(core, {
      title: `${title} capture`,
      auditId: id,
      bytes: Buffer.from(title),
      expiresOn: '2026-03-20',
    }).id;
    return { id, finding, evidence };
  };
  const mine = audit('Mine');
  seedAssignment(core, mine.id, ADA);
  const withdrawn = audit('Withdrawn');
  seedAssignment(core, withdrawn.id, ADA, { withdrawn: true });
  const bobs = audit('Bobs');
  seedAssignment(core, bobs.id, BOB);
  const nobodys = audit('Nobodys');
  const library = seedEvidence(core, { title: 'Library contract', expiresOn: '2026-03-25' }).id;
  return { fw, control, mine, withdrawn, bobs, nobodys, library };
}

const OTHER_ROLES = ['owner', 'admin', 'compliance_officer', 'viewer', null] as const;

describe("an auditor's findings", () => {
  it('lists only the findings of their audits, with or without an audit named', async () => {
    const { mine, bobs } = seedAudits();
    const all = await as('auditor').ok<{ items: { title: string }[]; total: number }>('findings', 'list', {});
    expect(all.items.map((f) => f.title)).toEqual(['Mine finding']);
    expect(all.total).toBe(1);
    expect(await as('auditor').ok('findings', 'list', { auditId: bobs.id })).toEqual({ items: [], total: 0 });
    expect((await as('auditor').ok<{ total: number }>('findings', 'list', { auditId: mine.id })).total).toBe(1);
  });

  it('answers a finding of an audit not theirs exactly as a missing one', async () => {
    const { mine, bobs, withdrawn, nobodys } = seedAudits();
    for (const hidden of [bobs, withdrawn, nobodys]) {
      const answer = await as('auditor').call('findings', 'get', { id: hidden.finding });
      expect(answer).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: `No finding with id ${hidden.finding}.` } });
      expect(answer).toEqual(await asMissing('auditor', 'findings', 'get', { id: hidden.finding }, 'id'));
    }
    expect(await as('auditor').ok('findings', 'get', { id: mine.finding })).toMatchObject({ title: 'Mine finding' });
  });

  it.each(OTHER_ROLES)('are not limited for %s', async (role) => {
    const { bobs } = seedAudits();
    expect((await as(role).ok<{ total: number }>('findings', 'list', {})).total).toBe(4);
    expect(await as(role).ok('findings', 'get', { id: bobs.finding })).toMatchObject({ title: 'Bobs finding' });
  });
});

describe("an auditor's audit reads by id", () => {
  const reads = (auditId: string, controlId: string): [string, Record<string, unknown>, string][] => [
    ['get', { id: auditId }, 'id'],
    ['closingCheck', { id: auditId }, 'id'],
    ['scope', { auditId }, 'auditId'],
    ['scopeControl', { auditId, controlId }, 'auditId'],
    ['scopePosition', { auditId, controlId }, 'auditId'],
  ];

  it('answer an audit not assigned to them exactly as a missing one', async () => {
    const { bobs, withdrawn, nobodys, control } = seedAudits();
    for (const hidden of [bobs, withdrawn, nobodys]) {
      for (const [method, input, idKey] of reads(hidden.id, control)) {
        const answer = await as('auditor').call('audits', method, input);
        expect(answer, method).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: `No audit with id ${hidden.id}.` } });
        expect(answer, method).toEqual(await asMissing('auditor', 'audits', method, input, idKey));
      }
    }
  });

  it('answer their own audit, closed too', async () => {
    const { mine, control } = seedAudits();
    core.db.prepare(`UPDATE audits SET status = 'closed' WHERE id = ?`).run(mine.id);
    for (const [method, input] of reads(mine.id, control)) {
      expect((await as('auditor').call('audits', method, input)).ok, method).toBe(true);
    }
    expect(await as('auditor').ok('audits', 'scope', { auditId: mine.id })).toMatchObject({ total: 1 });
  });

  it.each(OTHER_ROLES)('are not limited for %s', async (role) => {
    const { bobs, control } = seedAudits();
    for (const [method, input] of reads(bobs.id, control)) {
      expect((await as(role).call('audits', method, input)).ok, method).toBe(true);
    }
  });
});

describe("an auditor's evidence", () => {
  it('lists evidence of their audits and of none, not evidence captured in other audits, with counts to match', async () => {
    const { bobs } = seedAudits();
    const titles = async (input: Record<string, unknown>) => {
      const page = await as('auditor').ok<{ items: { title: string }[]; total: number }>('evidence', 'list', input);
      return { titles: page.items.map((e) => e.title).sort(), total: page.total };
    };
    const both = { titles: ['Library contract', 'Mine capture'], total: 2 };
    expect(await titles({})).toEqual(both);
    expect(await titles({ expired: false })).toEqual(both);
    expect(await titles({ expired: true })).toEqual({ titles: [], total: 0 });
    expect(await titles({ query: 'capture' })).toEqual({ titles: ['Mine capture'], total: 1 });
    expect(await titles({ auditId: bobs.id })).toEqual({ titles: [], total: 0 });
  });

  it('takes hidden captures out of the expired count too', async () => {
    const { bobs, mine } = seedAudits();
    seedEvidence(core, { title: 'Bobs expired', auditId: bobs.id, bytes: Buffer.from('b1'), expiresOn: '2026-03-01' });
    seedEvidence(core, { title: 'Mine expired', auditId: mine.id, bytes: Buffer.from('m1'), expiresOn: '2026-03-01' });
    const expired = await as('auditor').ok<{ items: { title: string }[]; total: number }>('evidence', 'list', { expired: true });
    expect([expired.items.map((e) => e.title), expired.total]).toEqual([['Mine expired'], 1]);
    expect((await as('auditor').ok<{ total: number }>('evidence', 'list', {})).total).toBe(3);
  });

  it('answers evidence captured in an audit not theirs exactly as missing, for the record and its file', async () => {
    const { bobs, withdrawn, nobodys, mine, library } = seedAudits();
    for (const hidden of [bobs, withdrawn, nobodys]) {
      for (const method of ['get', 'content', 'download']) {
        const answer = await as('auditor').call('evidence', method, { id: hidden.evidence });
        expect(answer, method).toEqual({
          ok: false,
          error: { code: 'NOT_FOUND', message: `No evidence with id ${hidden.evidence}.` },
        });
        expect(answer, method).toEqual(await asMissing('auditor', 'evidence', method, { id: hidden.evidence }, 'id'));
      }
    }
    for (const id of [mine.evidence, library]) {
      for (const method of ['get', 'content', 'download']) {
        expect((await as('auditor').call('evidence', method, { id })).ok, method).toBe(true);
      }
    }
  });

  it('does not name captures in audits not theirs among records holding the same file', async () => {
    const { bobs } = seedAudits();
    const { sha256 } = seedEvidence(core, { title: 'Bobs copy', auditId: bobs.id, bytes: Buffer.from('Mine') });
    const same = async (role: MemberRole) =>
      (await as(role).ok<{ items: { title: string }[] }>('evidence', 'sameFile', { sha256 })).items.map((i) => i.title).sort();
    expect(await same('auditor')).toEqual(['Mine capture']);
    expect(await same('admin')).toEqual(['Bobs copy', 'Mine capture']);
  });

  it.each(OTHER_ROLES)('is not limited for %s', async (role) => {
    const { bobs } = seedAudits();
    seedEvidence(core, { title: 'Bobs expired', auditId: bobs.id, bytes: Buffer.from('b1'), expiresOn: '2026-03-01' });
    expect((await as(role).ok<{ total: number }>('evidence', 'list', {})).total).toBe(6);
    expect((await as(role).ok<{ total: number }>('evidence', 'list', { expired: true })).total).toBe(1);
    expect((await as(role).ok<{ total: number }>('evidence', 'list', { auditId: bobs.id })).total).toBe(2);
    for (const method of ['get', 'content', 'download']) {
      expect((await as(role).call('evidence', method, { id: bobs.evidence })).ok, method).toBe(true);
    }
  });
});

describe("an auditor's audit package", () => {
  it('is refused for an audit not theirs exactly as for a missing one, and nothing is written', async () => {
    const { bobs } = seedAudits();
    const answer = await as('auditor').call('exports', 'auditPackage', { auditId: bobs.id });
    expect(answer).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: `No audit with id ${bobs.id}.` } });
    expect(answer).toEqual(await asMissing('auditor', 'exports', 'auditPackage', { auditId: bobs.id }, 'auditId'));
  });

  it.each(['auditor', 'admin'] as const)('is written of an audit the %s may read', async (role) => {
    const { mine } = seedAudits();
    expect(await as(role).ok('exports', 'auditPackage', { auditId: mine.id })).toMatchObject({
      fileName: expect.stringMatching(/^mine-audit-/) as unknown,
    });
  });
});

describe("an auditor's trails", () => {
  /** An admin's edits of every audit and finding, so each record has a trail. */
  async function editAll(audits: { id: string; finding: string }[]) {
    for (const a of audits) {
      await as('admin').ok('audits', 'update', { id: a.id, title: `Renamed ${a.id}` });
      await as('admin').ok('findings', 'update', { id: a.finding, owner: 'Someone' });
    }
  }

  it('of an audit not theirs, its findings, results and captures, are as empty as an unknown record’s', async () => {
    const { mine, bobs, nobodys, control } = seedAudits();
    await editAll([mine, bobs, nobodys]);
    const resultOf = (auditId: string) =>
      core.db
        .prepare('SELECT id FROM audit_results WHERE audit_id = ? AND control_id = ?')
        .pluck()
        .get(auditId, control) as string;
    const empty = { ok: true, value: { events: [], total: 0 } };
    for (const hidden of [bobs, nobodys]) {
      for (const [table, id] of [
        ['audits', hidden.id],
        ['findings', hidden.finding],
        ['audit_results', resultOf(hidden.id)],
        ['evidence', hidden.evidence],
      ] as const) {
        expect(await as('auditor').call('trail', 'forRecord', { table, id }), table).toEqual(empty);
        expect((await as('admin').call('trail', 'forRecord', { table, id })).ok, table).toBe(true);
      }
      expect((await as('admin').ok<{ total: number }>('trail', 'forRecord', { table: 'audits', id: hidden.id })).total).toBe(1);
    }
    expect((await as('auditor').ok<{ total: number }>('trail', 'forRecord', { table: 'audits', id: mine.id })).total).toBe(1);
    expect((await as('auditor').ok<{ total: number }>('trail', 'forRecord', { table: 'findings', id: mine.finding })).total).toBe(
      1,
    );
  });

  it.each(OTHER_ROLES)('are not limited for %s', async (role) => {
    const { bobs } = seedAudits();
    await editAll([bobs]);
    expect((await as(role).ok<{ total: number }>('trail', 'forRecord', { table: 'findings', id: bobs.finding })).total).toBe(1);
  });
});

describe("an auditor's offline files", () => {
  it.each(['auditOfflineSize', 'pinAudit'])('%s answers an audit not theirs exactly as a missing one', async (method) => {
    const { bobs, nobodys } = seedAudits();
    for (const hidden of [bobs, nobodys]) {
      const answer = await as('auditor').call('files', method, { auditId: hidden.id });
      expect(answer).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: 'That audit is not in this workspace.' } });
      expect(answer).toEqual(await asMissing('auditor', 'files', method, { auditId: hidden.id }, 'auditId'));
    }
    expect(core.db.prepare('SELECT count(*) FROM file_pins').pluck().get()).toBe(0);
  });

  it('answers a file captured in an audit not theirs as missing, and leaves its status out', async () => {
    const { bobs, mine } = seedAudits();
    for (const [method, input] of [
      ['download', { evidenceId: bobs.evidence }],
      ['pin', { evidenceId: bobs.evidence, pinned: true }],
    ] as const) {
      const answer = await as('auditor').call('files', method, input);
      expect(answer, method).toEqual({
        ok: false,
        error: { code: 'NOT_FOUND', message: 'That evidence record is not in this workspace.' },
      });
      expect(answer, method).toEqual(await asMissing('auditor', 'files', method, input, 'evidenceId'));
    }
    const statuses = async (role: MemberRole) =>
      (
        await as(role).ok<{ items: { evidenceId: string }[] }>('files', 'status', {
          evidenceIds: [bobs.evidence, mine.evidence],
        })
      ).items.map((i) => i.evidenceId);
    expect(await statuses('auditor')).toEqual([mine.evidence]);
    expect(await statuses('admin')).toEqual([bobs.evidence, mine.evidence]);
  });

  it.each(['auditor', 'admin'] as const)('counts the files of an audit the %s may read', async (role) => {
    const { mine } = seedAudits();
    expect(await as(role).ok('files', 'auditOfflineSize', { auditId: mine.id })).toMatchObject({ files: 1 });
    expect(await as(role).ok('files', 'pinAudit', { auditId: mine.id })).toMatchObject({ pinned: 1 });
  });
});

describe("an auditor's Trash", () => {
  it('leaves out deleted audits not theirs and evidence captured in them, and restores them as unknown', async () => {
    const { mine, bobs, library } = seedAudits();
    for (const id of [mine.id, bobs.id]) await as('admin').ok('audits', 'delete', { id });
    for (const id of [mine.evidence, library]) await as('admin').ok('evidence', 'delete', { id });
    core.db.prepare('UPDATE evidence SET deleted_at = ? WHERE id = ?').run(NOW, bobs.evidence);
    const listed = async (role: MemberRole | null) => {
      const page = await as(role).ok<{ items: { title: string }[]; total: number }>('trash', 'list', {});
      return { titles: page.items.map((i) => i.title).sort(), total: page.total };
    };
    expect(await listed('auditor')).toEqual({ titles: ['Library contract', 'Mine audit', 'Mine capture'], total: 3 });
    for (const role of OTHER_ROLES) {
      expect(await listed(role)).toEqual({
        titles: ['Bobs audit', 'Bobs capture', 'Library contract', 'Mine audit', 'Mine capture'],
        total: 5,
      });
    }
    for (const [kind, id] of [
      ['audit', bobs.id],
      ['evidence', bobs.evidence],
    ] as const) {
      const answer = await as('auditor').call('trash', 'restore', { kind, id });
      expect(answer).toEqual(await asMissing('auditor', 'trash', 'restore', { kind, id }, 'id'));
      expect(answer).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    }
  });
});
