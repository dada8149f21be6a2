/**
 * The local user's display name: app.profile / app.updateProfile, and every change made as
 * 'local' is recorded under that name once it is set (row stamps, trail, approvals, results).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ErrorCode } from '../../../../src-shared/errors';
import { snapshot } from '../../../support/db-snapshot';
import { openHarness, type Harness } from '../policies/harness';

let h: Harness;
beforeEach(() => {
  h = openHarness();
});
afterEach(() => h.close());

describe('app.profile', () => {
  it('has no name until one is set; the name is trimmed and kept in the local-only settings', async () => {
    expect(await h.ok('app', 'profile', {})).toEqual({ displayName: null });
    expect(await h.ok('app', 'updateProfile', { displayName: '  Dana Scully  ' })).toEqual({ displayName: 'Dana Scully' });
    expect(await h.ok('app', 'profile', {})).toEqual({ displayName: 'Dana Scully' });
    expect(h.core.db.prepare("SELECT value FROM settings WHERE key = 'user.displayName'").pluck().get()).toBe('"Dana Scully"');
    expect(h.core.db.prepare('SELECT count(*) FROM outbox').pluck().get()).toBe(0);
  });

  it.each([
    ['empty', '   '],
    ['too long', 'x'.repeat(121)],
    ['with a control character', 'Dana\u0000'],
  ])('refuses a name that is %s, changing nothing', async (_what, displayName) => {
    const before = snapshot(h.core.db);
    expect((await h.fails('app', 'updateProfile', { displayName })).code).toBe(ErrorCode.InvalidInput);
    expect(snapshot(h.core.db)).toEqual(before);
  });

  it('records local changes under the name: updated_by, approvedBy, trail actor, test results', async () => {
    const [control] = h.seedControls('NIST', [{ label: 'AC-2', title: 'Account Management' }]);
    await h.ok('app', 'updateProfile', { displayName: 'Dana Scully' });
    const policy = await h.ok('policies', 'create', { title: 'P' });
    expect(policy.updatedBy).toBe('Dana Scully');
    await h.ok('policies', 'submitForReview', { id: policy.id });
    expect((await h.ok('policies', 'approve', { id: policy.id })).approvedBy).toBe('Dana Scully');
    const audit = await h.ok('audits', 'create', {
      title: 'Q1',
      windowStart: '2026-01-01',
      windowEnd: '2026-03-31',
      controlIds: [control],
    });
    await h.ok('audits', 'update', { id: audit.id, status: 'fieldwork' });
    const result = await h.ok('audits', 'recordResult', { auditId: audit.id, controlId: control, result: 'pass' });
    expect(result).toMatchObject({ updatedBy: 'Dana Scully' });
    const actors = h.core.db.prepare('SELECT DISTINCT actor FROM audit_events').pluck().all();
    expect(actors).toEqual(['Dana Scully']);
    // A signed-in user's id is never replaced.
    const other = await h.ok('policies', 'create', { title: 'Q' }, '9b2f5b1e-0000-4000-8000-000000000001');
    expect(other.updatedBy).toBe('9b2f5b1e-0000-4000-8000-000000000001');
  });

  it("keeps 'local' as the actor when no name is set", async () => {
    const policy = await h.ok('policies', 'create', { title: 'P' });
    expect(policy.updatedBy).toBe('local');
  });
});
