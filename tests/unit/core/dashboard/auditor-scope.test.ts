/**
 * An auditor's search and dashboard hold only the audits assigned to them, as their audits list
 * does: the audits, their findings and test notes, and the evidence captured in them. Other roles
 * (and the local workspace, which has no membership) see every audit. The handlers run over a
 * real replica file; the role is the membership the server last gave (deps.membership).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../../src-main/core/core';
import { dashboardHandlers } from '../../../../src-main/core/dashboard/dashboard-handlers';
import { searchHandlers } from '../../../../src-main/core/dashboard/search-handlers';
import type { MemberRole } from '../../../../src-shared/domain/account';
import type { DashboardSummary } from '../../../../src-shared/domain/dashboard';
import type { SearchKind, SearchOutput } from '../../../../src-shared/domain/search';
import { tempDir } from '../../../support/temp-dir';
import { depsAs, seedAssignment, seedAudit, seedControl, seedEvidence, seedFinding, seedFramework, seedResult } from './seed';

const NOW = '2026-03-10T09:30:00.000Z';
const ADA = 'a0000000-0000-4000-8000-00000000ada0';
const BOB = 'b0000000-0000-4000-8000-00000000b0b0';

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

/** The replica's handlers as a member with this role (null: no membership, the local workspace). */
function as(role: MemberRole | null) {
  const deps = depsAs(core, role);
  const ctx = { actor: ADA };
  return {
    search: (query: string, limitPerKind = 8) => searchHandlers(deps).all({ query, limitPerKind }, ctx) as SearchOutput,
    summary: () => dashboardHandlers(deps).summary({}, ctx) as DashboardSummary,
  };
}

const titlesOf = (out: SearchOutput, kind: SearchKind) =>
  out.groups
    .find((g) => g.kind === kind)
    ?.hits.map((h) => h.title)
    .sort() ?? [];
const countOf = (out: SearchOutput, kind: SearchKind) => out.groups.find((g) => g.kind === kind)?.count ?? 0;

/** Ada's audit, one she no longer works on, another auditor's, and one nobody is assigned to. */
function seedAudits() {
  const fw = seedFramework(core, 'NIST Low');
  const control = seedControl(core, fw, { key: 'ac-2', title: 'Account Management' });
  const audit = (title: string) => {
    const id = seedAudit(core, { title: `${title} vendor audit`, frameworkId: fw, scope: [control] });
    seedFinding(core, id, { title: `${title} vendor finding`, severity: 'high' });
    seedResult(core, id, control, 'fail', `${title} vendor note`);
    seedEvidence(core, { title: `${title} vendor capture`, auditId: id, bytes: Buffer.from(title), expiresOn: '2026-03-20' });
    return id;
  };
  const mine = audit('Mine');
  seedAssignment(core, mine, ADA);
  const withdrawn = audit('Withdrawn');
  seedAssignment(core, withdrawn, ADA, { withdrawn: true });
  const bobs = audit('Bobs');
  seedAssignment(core, bobs, BOB);
  const nobodys = audit('Nobodys');
  seedEvidence(core, { title: 'Library vendor contract', expiresOn: '2026-03-25' });
  return { fw, control, mine, withdrawn, bobs, nobodys };
}

describe("an auditor's search", () => {
  it('lists only their audits, with those audits’ findings, notes and captured evidence; library evidence stays', () => {
    seedAudits();
    const out = as('auditor').search('vendor');
    expect(titlesOf(out, 'audit')).toEqual(['Mine vendor audit']);
    expect(titlesOf(out, 'finding')).toEqual(['Mine vendor finding']);
    expect(out.groups.find((g) => g.kind === 'note')?.hits.map((h) => h.auditTitle)).toEqual(['Mine vendor audit']);
    expect(titlesOf(out, 'evidence')).toEqual(['Library vendor contract', 'Mine vendor capture']);
    expect([countOf(out, 'audit'), countOf(out, 'finding'), countOf(out, 'note'), countOf(out, 'evidence')]).toEqual([
      1, 1, 1, 2,
    ]);
  });

  it('finds nothing of an audit not assigned to them, even by its exact title', () => {
    seedAudits();
    expect(as('auditor').search('nobodys').groups).toEqual([]);
    expect(as('auditor').search('bobs vendor').groups).toEqual([]);
    expect(as('auditor').search('withdrawn').groups).toEqual([]);
  });

  it('still finds a closed audit assigned to them (its record stays theirs to read)', () => {
    const { mine } = seedAudits();
    core.db.prepare(`UPDATE audits SET status = 'closed' WHERE id = ?`).run(mine);
    expect(titlesOf(as('auditor').search('vendor'), 'audit')).toEqual(['Mine vendor audit']);
  });

  it('counts and lists only their findings when a word is too common to rank', () => {
    const { mine, bobs } = seedAudits();
    core.db.transaction(() => {
      for (let i = 0; i < 210; i++) seedFinding(core, mine, { title: `Mine common ${i}`, severity: 'low' });
      // Newer rows than every one of Ada's: the newest page must not be theirs.
      for (let i = 0; i < 40; i++) seedFinding(core, bobs, { title: `Bobs common ${i}`, severity: 'low' });
    })();
    const auditor = as('auditor').search('common', 5).groups[0]!;
    expect(auditor).toMatchObject({ kind: 'finding', count: 210 });
    expect(auditor.hits.every((h) => h.auditId === mine)).toBe(true);
    expect(auditor.hits).toHaveLength(5);
    const admin = as('admin').search('common', 5).groups[0]!;
    expect(admin).toMatchObject({ kind: 'finding', count: 250 });
    expect(admin.hits.every((h) => h.auditId === bobs)).toBe(true);
  });

  it.each(['owner', 'admin', 'compliance_officer', 'viewer', null] as const)('is not limited for %s', (role) => {
    seedAudits();
    const out = as(role).search('vendor');
    expect([countOf(out, 'audit'), countOf(out, 'finding'), countOf(out, 'note'), countOf(out, 'evidence')]).toEqual([
      4, 4, 4, 5,
    ]);
  });
});

describe('an audit in the Trash', () => {
  // The audits list leaves it out for everyone; its findings and notes are not tombstoned with it
  // (restoring the audit brings them back), so search and the dashboard must leave them out too.
  it.each(['auditor', 'admin'] as const)('is left out of search and the dashboard for %s', (role) => {
    const { mine } = seedAudits();
    core.db.prepare('UPDATE audits SET deleted_at = ? WHERE id = ?').run(NOW, mine);
    const out = as(role).search('mine');
    expect(out.groups.map((g) => g.kind)).not.toContain('finding');
    expect(out.groups.map((g) => g.kind)).not.toContain('note');
    expect(out.groups.map((g) => g.kind)).not.toContain('audit');
    expect(
      as(role)
        .summary()
        .openFindings.items.map((f) => f.title),
    ).not.toContain('Mine vendor finding');
  });
});

describe("an auditor's dashboard", () => {
  it('counts and lists only their open findings', () => {
    const { mine, bobs, nobodys } = seedAudits();
    seedFinding(core, bobs, { title: 'Bobs critical', severity: 'critical' });
    seedFinding(core, nobodys, { title: 'Nobodys low', severity: 'low' });
    seedFinding(core, mine, { title: 'Mine medium', severity: 'medium' });
    const { openFindings } = as('auditor').summary();
    expect(openFindings.total).toBe(2);
    expect(openFindings.bySeverity).toEqual({ low: 0, medium: 1, high: 1, critical: 0 });
    expect(openFindings.items.map((f) => [f.title, f.auditId])).toEqual([
      ['Mine vendor finding', mine],
      ['Mine medium', mine],
    ]);
  });

  it('leaves evidence captured in audits not theirs out of the expiring list and both counts', () => {
    const { bobs, nobodys } = seedAudits();
    seedEvidence(core, { title: 'Bobs expired capture', auditId: bobs, bytes: Buffer.from('b1'), expiresOn: '2026-03-01' });
    seedEvidence(core, { title: 'Nobodys far capture', auditId: nobodys, bytes: Buffer.from('n1'), expiresOn: '2027-01-01' });
    seedEvidence(core, { title: 'Library expired', bytes: Buffer.from('l1'), expiresOn: '2026-03-02' });
    // Due by its renewal cadence (2026-01-10 + 60 days = 2026-03-11), as the maintained counts reckon it.
    seedEvidence(core, {
      title: 'Bobs renewal capture',
      auditId: bobs,
      bytes: Buffer.from('b2'),
      asOfDate: '2026-01-10',
      renewalDays: 60,
    });
    const { expiringEvidence } = as('auditor').summary();
    expect(expiringEvidence.items.map((e) => e.title)).toEqual(['Mine vendor capture', 'Library vendor contract']);
    expect([expiringEvidence.count, expiringEvidence.expiredCount]).toEqual([2, 1]);
  });

  it.each(['owner', 'admin', 'compliance_officer', 'viewer', null] as const)('is not limited for %s', (role) => {
    const { bobs } = seedAudits();
    seedEvidence(core, { title: 'Bobs expired capture', auditId: bobs, bytes: Buffer.from('b1'), expiresOn: '2026-03-01' });
    const { openFindings, expiringEvidence } = as(role).summary();
    expect(openFindings.total).toBe(4);
    expect([expiringEvidence.count, expiringEvidence.expiredCount]).toEqual([5, 1]);
    expect(expiringEvidence.items).toHaveLength(5);
  });

  it('keeps the same readiness and overdue policies for every role', () => {
    seedAudits();
    expect({ ...as('auditor').summary(), openFindings: null, expiringEvidence: null }).toEqual({
      ...as('admin').summary(),
      openFindings: null,
      expiringEvidence: null,
    });
  });
});
