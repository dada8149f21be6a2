/**
 * A finding as auditors write it: condition, criteria, cause, effect, recommendation and the
 * management response, editable while the audit is open; remediation from open to closed, or a
 * risk accepted by someone for a reason. Through the real router on a real SQLite file.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../../src-main/core/core';
import { ErrorCode } from '../../../../src-shared/errors';
import { snapshot } from '../../../support/db-snapshot';
import { tempDir } from '../../../support/temp-dir';
import { seedFramework, type SeededFramework } from './seed-controls';

let dir: ReturnType<typeof tempDir>;
let core: Core;
let fw: SeededFramework;
let auditId: string;
const ctx = { actor: 'auditor-1' };

async function ok<T = Record<string, unknown>>(ns: string, method: string, input: unknown): Promise<T> {
  const result = await core.router.call(ns, method, input, ctx);
  if (!result.ok) throw new Error(`${ns}.${method} failed: ${result.error.code} ${result.error.message}`);
  return result.value as T;
}

beforeEach(async () => {
  dir = tempDir();
  core = createCore({ dataDir: dir.path, log: { error: () => undefined } });
  fw = seedFramework(core.db);
  auditId = (
    await ok<{ id: string }>('audits', 'create', {
      title: 'ISO audit',
      controlIds: fw.controlIds.slice(0, 4),
      windowStart: '2026-01-01',
      windowEnd: '2026-03-31',
    })
  ).id;
});
afterEach(() => {
  core.close();
  dir.remove();
});

type FindingOut = Record<string, string | null>;

const written = {
  condition: '3 of 25 sampled admin accounts had no MFA factor enrolled.',
  criteria: 'IA-2(1): multi-factor authentication for privileged accounts.',
  cause: 'The enrolment job skips accounts created through the break-glass flow.',
  effect: 'A stolen password alone gives administrative access.',
  recommendation: 'Enrol the three accounts and make the job cover break-glass accounts.',
};

describe('finding details and remediation', () => {
  it('keeps every part of a finding, edits each one, and moves it from open to closed with the trail recording each step', async () => {
    const created = await ok<FindingOut>('findings', 'create', {
      auditId,
      controlId: fw.controlIds[1],
      title: 'Admins without MFA',
      severity: 'high',
      ...written,
    });
    expect(created).toMatchObject({ ...written, managementResponse: '', status: 'open', riskAcceptedBy: '' });

    const responded = await ok<FindingOut>('findings', 'update', {
      id: created.id,
      managementResponse: 'Agreed. IT Ops will fix the job by April 30.',
      cause: 'The job skips break-glass accounts.',
      status: 'in_remediation',
    });
    expect(responded).toMatchObject({
      ...written,
      cause: 'The job skips break-glass accounts.',
      managementResponse: 'Agreed. IT Ops will fix the job by April 30.',
      status: 'in_remediation',
    });
    const closed = await ok<FindingOut>('findings', 'update', { id: created.id, status: 'closed' });
    expect(closed.status).toBe('closed');
    // What the replica holds is what the next read returns (the columns exist and sync).
    expect(await ok<FindingOut>('findings', 'get', { id: created.id })).toEqual(closed);

    const patches = (
      core.db.prepare("SELECT patch FROM outbox WHERE table_name = 'findings' ORDER BY rowid").pluck().all() as string[]
    ).map((p) => JSON.parse(p) as Record<string, unknown>);
    expect(patches[0]).toMatchObject({ condition: written.condition, criteria: written.criteria, management_response: '' });
    expect(patches[1]).toEqual({
      cause: 'The job skips break-glass accounts.',
      management_response: 'Agreed. IT Ops will fix the job by April 30.',
      status: 'in_remediation',
    });
    expect(patches[2]).toEqual({ status: 'closed' });
    const steps = core.db
      .prepare("SELECT json_extract(after, '$.status') FROM audit_events WHERE record_table = 'findings' ORDER BY seq")
      .pluck()
      .all();
    expect(steps).toEqual(['open', 'in_remediation', 'closed']);
  });

  it('accepts a risk only with who and why, keeps them while accepted and drops them when reopened', async () => {
    const finding = await ok<FindingOut>('findings', 'create', { auditId, title: 'Legacy VPN without MFA', severity: 'medium' });
    const before = snapshot(core.db);
    const refusals: [Record<string, unknown>, string][] = [
      [{ status: 'accepted' }, 'Accepting the risk of the finding “Legacy VPN without MFA” needs who accepts the risk and why.'],
      [
        { status: 'accepted', riskAcceptedBy: 'Dana Reyes (CISO)' },
        'Accepting the risk of the finding “Legacy VPN without MFA” needs why.',
      ],
      [
        { status: 'accepted', riskAcceptedBy: '   ', riskAcceptanceReason: 'Decommissioned in June.' },
        'Accepting the risk of the finding “Legacy VPN without MFA” needs who accepts the risk.',
      ],
      [
        { riskAcceptedBy: 'Dana Reyes (CISO)' },
        'Who accepted the risk and why can only be recorded when the finding “Legacy VPN without MFA” is set to Risk accepted.',
      ],
    ];
    for (const [patch, message] of refusals) {
      const result = await core.router.call('findings', 'update', { id: finding.id, ...patch }, ctx);
      expect(result.ok ? 'ok' : result.error).toEqual({ code: ErrorCode.InvalidInput, message });
      expect(snapshot(core.db)).toEqual(before);
    }

    const accepted = await ok<FindingOut>('findings', 'update', {
      id: finding.id,
      status: 'accepted',
      riskAcceptedBy: 'Dana Reyes (CISO)',
      riskAcceptanceReason: 'The VPN is decommissioned in June; compensating IP allow-list in place.',
    });
    expect(accepted).toMatchObject({ status: 'accepted', riskAcceptedBy: 'Dana Reyes (CISO)' });
    // Editing the reason alone keeps the acceptance.
    const reworded = await ok<FindingOut>('findings', 'update', {
      id: finding.id,
      riskAcceptanceReason: 'Decommissioned in June.',
    });
    expect(reworded).toMatchObject({ status: 'accepted', riskAcceptanceReason: 'Decommissioned in June.' });

    const reopened = await ok<FindingOut>('findings', 'update', { id: finding.id, status: 'open' });
    expect(reopened).toMatchObject({ status: 'open', riskAcceptedBy: '', riskAcceptanceReason: '' });
    const lastBefore = core.db
      .prepare("SELECT before FROM audit_events WHERE record_table = 'findings' ORDER BY seq DESC LIMIT 1")
      .pluck()
      .get() as string;
    expect(JSON.parse(lastBefore)).toMatchObject({ risk_accepted_by: 'Dana Reyes (CISO)' }); // the trail keeps who had accepted it
  });

  it('refuses an over-long part and any edit once the audit is closed, changing nothing', async () => {
    const finding = await ok<FindingOut>('findings', 'create', { auditId, title: 'Stale access review', severity: 'low' });
    const before = snapshot(core.db);
    const long = await core.router.call('findings', 'update', { id: finding.id, condition: 'x'.repeat(20_001) }, ctx);
    expect(long.ok ? 'ok' : long.error.code).toBe(ErrorCode.InvalidInput);
    if (!long.ok) expect(long.error.message).toMatch(/Condition is too long: 20,001 characters, the limit is 20,000/);
    expect(snapshot(core.db)).toEqual(before);

    await ok('audits', 'update', { id: auditId, status: 'closed' });
    const closed = snapshot(core.db);
    const result = await core.router.call('findings', 'update', { id: finding.id, recommendation: 'Review quarterly.' }, ctx);
    expect(result.ok ? 'ok' : result.error.code).toBe(ErrorCode.Conflict);
    expect(snapshot(core.db)).toEqual(closed);
  });
});
