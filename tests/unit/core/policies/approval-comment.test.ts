/**
 * The approver's comment is part of the approval record: on the policy while the approval
 * stands, on the approved revision for good (the version in force keeps it after a newer draft),
 * and gone from the policy with the approval when a material edit resets it.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openHarness, type Harness } from './harness';

let h: Harness;
beforeEach(() => {
  h = openHarness();
});
afterEach(() => h.close());

describe('policies.approve with a comment', () => {
  it('keeps the comment with the approval on the policy and its revision, through publish and a new draft', async () => {
    const policy = await h.ok('policies', 'create', { title: 'Access Control Policy', body: 'Accounts are reviewed.' });
    await h.ok('policies', 'submitForReview', { id: policy.id });
    const approved = await h.ok(
      'policies',
      'approve',
      { id: policy.id, comment: '  Checked against AC-2; owners agreed.  ' },
      'Ciso Carla',
    );
    expect(approved).toMatchObject({ approvedBy: 'Ciso Carla', approvalComment: 'Checked against AC-2; owners agreed.' });
    const published = await h.ok('policies', 'publish', { id: policy.id });

    const edited = await h.ok('policies', 'update', { id: policy.id, body: 'Accounts are reviewed every quarter.' });
    expect(edited).toMatchObject({ status: 'draft', approvedBy: null, approvalComment: null });
    const inForce = await h.ok('policies', 'revision', { id: published.publishedRevisionId! });
    expect(inForce).toMatchObject({ approvedBy: 'Ciso Carla', approvalComment: 'Checked against AC-2; owners agreed.' });
    const history = await h.ok('policies', 'revisions', { policyId: policy.id });
    expect(history.items.map((r) => r.approvalComment)).toEqual([null, 'Checked against AC-2; owners agreed.']);
  });

  it('refuses a comment over the limit with the limit in words, and approves nothing', async () => {
    const policy = await h.ok('policies', 'create', { title: 'Backup Policy' });
    await h.ok('policies', 'submitForReview', { id: policy.id });
    const error = await h.fails('policies', 'approve', { id: policy.id, comment: 'x'.repeat(2001) });
    expect(error.code).toBe('INVALID_INPUT');
    expect(error.message).toContain('2,000');
    expect(await h.ok('policies', 'get', { id: policy.id })).toMatchObject({ status: 'in_review', approvedBy: null });
  });
});
