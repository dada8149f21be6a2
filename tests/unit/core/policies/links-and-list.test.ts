/** Policy ↔ control links, the overdue state, and list pages that never carry bodies. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ErrorCode } from '../../../../src-shared/errors';
import { snapshot } from '../../../support/db-snapshot';
import { openHarness, type Harness } from './harness';

let h: Harness;
beforeEach(() => {
  h = openHarness('2026-03-10T09:00:00.000Z');
});
afterEach(() => h.close());

describe('links to controls', () => {
  it('links, lists with label and framework, unlinks by tombstone, and re-linking revives the same row', async () => {
    const [ac2, ac3] = h.seedControls('NIST SP 800-53 Rev 5 LOW', [
      { label: 'AC-2', title: 'Account Management' },
      { label: 'AC-3', title: 'Access Enforcement' },
    ]);
    const policy = await h.ok('policies', 'create', { title: 'Access Control Policy' });
    expect(await h.ok('policies', 'linkControl', { policyId: policy.id, controlId: ac3 })).toEqual({
      policyId: policy.id,
      controlId: ac3,
      linked: true,
    });
    await h.ok('policies', 'linkControl', { policyId: policy.id, controlId: ac2 });
    await h.ok('policies', 'linkControl', { policyId: policy.id, controlId: ac2 }); // twice: no second row
    expect(await h.ok('policies', 'linkedControls', { policyId: policy.id })).toEqual([
      { id: ac2, label: 'AC-2', title: 'Account Management', frameworkTitle: 'NIST SP 800-53 Rev 5 LOW' },
      { id: ac3, label: 'AC-3', title: 'Access Enforcement', frameworkTitle: 'NIST SP 800-53 Rev 5 LOW' },
    ]);
    const rows = () =>
      h.core.db.prepare('SELECT id, control_id, deleted_at FROM policy_controls ORDER BY control_id').all() as {
        id: string;
        control_id: string;
        deleted_at: string | null;
      }[];
    expect(rows()).toHaveLength(2);
    const ac2Row = rows().find((r) => r.control_id === ac2)!;

    await h.ok('policies', 'unlinkControl', { policyId: policy.id, controlId: ac2 });
    expect((await h.ok('policies', 'linkedControls', { policyId: policy.id })).map((c) => c.label)).toEqual(['AC-3']);
    expect(rows().find((r) => r.id === ac2Row.id)?.deleted_at).not.toBeNull();

    await h.ok('policies', 'linkControl', { policyId: policy.id, controlId: ac2 });
    expect(rows().find((r) => r.control_id === ac2)).toEqual({ id: ac2Row.id, control_id: ac2, deleted_at: null });
    const ops = h.core.db.prepare("SELECT op FROM outbox WHERE table_name = 'policy_controls' ORDER BY seq").all();
    expect(ops).toEqual([{ op: 'insert' }, { op: 'insert' }, { op: 'delete' }, { op: 'update' }]);
    const events = h.core.db
      .prepare("SELECT action FROM audit_events WHERE record_table = 'policy_controls' AND record_id = ? ORDER BY seq")
      .all(ac2Row.id);
    expect(events).toEqual([{ action: 'create' }, { action: 'delete' }, { action: 'update' }]);
  });

  it('refuses unknown policies and controls, changing nothing', async () => {
    const [control] = h.seedControls('F', [{ label: 'AC-1', title: 'Policy and Procedures' }]);
    const policy = await h.ok('policies', 'create', { title: 'P' });
    const before = snapshot(h.core.db);
    expect((await h.fails('policies', 'linkControl', { policyId: policy.id, controlId: crypto.randomUUID() })).code).toBe(
      ErrorCode.NotFound,
    );
    expect((await h.fails('policies', 'linkControl', { policyId: crypto.randomUUID(), controlId: control })).code).toBe(
      ErrorCode.NotFound,
    );
    expect((await h.fails('policies', 'linkControl', { policyId: policy.id, controlId: control, extra: 1 })).code).toBe(
      ErrorCode.InvalidInput,
    );
    expect(snapshot(h.core.db)).toEqual(before);
  });

  it('finds controls to link by label, title or statement; FTS syntax in the query is plain text', async () => {
    h.seedControls('NIST', [
      { label: 'AC-2', title: 'Account Management', statement: 'Manage system accounts.' },
      { label: 'IR-4', title: 'Incident Handling', statement: 'Implement an incident handling capability.' },
      { label: 'CP-9', title: 'System Backup', statement: 'Conduct backups of user-level information.' },
    ]);
    expect((await h.ok('policies', 'searchControls', { query: 'incident' })).map((c) => c.label)).toEqual(['IR-4']);
    expect((await h.ok('policies', 'searchControls', { query: 'AC-2' })).map((c) => c.label)).toEqual(['AC-2']);
    expect((await h.ok('policies', 'searchControls', { query: 'backups' })).map((c) => c.label)).toEqual(['CP-9']);
    expect(await h.ok('policies', 'searchControls', { query: '" OR * NEAR(' })).toEqual([]);
    expect((await h.ok('policies', 'searchControls', { query: '', limit: 2 })).map((c) => c.label)).toEqual(['AC-2', 'IR-4']);
  });
});

describe('next review and the list', () => {
  it('a review date before today is overdue, in the record, the list and the overdue filter', async () => {
    const late = await h.ok('policies', 'create', { title: 'Late', nextReviewDate: '2026-03-09' });
    const today = await h.ok('policies', 'create', { title: 'Due today', nextReviewDate: '2026-03-10' });
    await h.ok('policies', 'create', { title: 'No date' });
    expect(late.overdue).toBe(true);
    expect(today.overdue).toBe(false);
    const all = await h.ok('policies', 'list', {});
    expect(all.items.filter((p) => p.overdue).map((p) => p.title)).toEqual(['Late']);
    const overdue = await h.ok('policies', 'list', { overdue: true });
    expect([overdue.total, overdue.items.map((p) => p.title)]).toEqual([1, ['Late']]);
    expect((await h.ok('policies', 'list', { overdue: false })).total).toBe(2);
    // A day later, "Due today" is overdue too.
    h.setNow('2026-03-11T00:00:01.000Z');
    expect((await h.ok('policies', 'get', { id: today.id })).overdue).toBe(true);
  });

  it('list pages carry version, approval and no body', async () => {
    await h.ok('policies', 'create', { title: 'P', body: 'x'.repeat(10_000) });
    const page = await h.ok('policies', 'list', {});
    expect(page.items[0]).not.toHaveProperty('body');
    expect(page.items[0]).toMatchObject({ versionMajor: 1, versionMinor: 0, approvedBy: null, overdue: false });
  });

  it('the status filter still works with workflow steps', async () => {
    const a = await h.ok('policies', 'create', { title: 'A' });
    await h.ok('policies', 'create', { title: 'B' });
    await h.ok('policies', 'submitForReview', { id: a.id });
    const inReview = await h.ok('policies', 'list', { status: 'in_review' });
    expect(inReview.items.map((p) => p.title)).toEqual(['A']);
  });
});
