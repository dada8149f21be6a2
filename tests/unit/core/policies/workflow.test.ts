/**
 * draft → in review → approved (by whom, when) → published; a material edit of an approved or
 * published policy starts a new major version as a draft and resets the approval, while the
 * published revision stays readable; a minor fix keeps the approval.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ErrorCode } from '../../../../src-shared/errors';
import { snapshot } from '../../../support/db-snapshot';
import { openHarness, type Harness } from './harness';

let h: Harness;
beforeEach(() => {
  h = openHarness();
});
afterEach(() => h.close());

async function publishedPolicy() {
  const policy = await h.ok('policies', 'create', { title: 'Access Control Policy', body: 'Access follows least privilege.' });
  await h.ok('policies', 'submitForReview', { id: policy.id });
  await h.ok('policies', 'approve', { id: policy.id }, 'ciso@example.com');
  return h.ok('policies', 'publish', { id: policy.id });
}

describe('policy workflow', () => {
  it('walks draft → in review → approved → published, recording who approved and when', async () => {
    const policy = await h.ok('policies', 'create', { title: 'P', body: 'text' });
    expect(policy).toMatchObject({ status: 'draft', approvedBy: null, approvedAt: null, publishedRevisionId: null });
    expect((await h.ok('policies', 'submitForReview', { id: policy.id })).status).toBe('in_review');
    h.setNow('2026-03-11T15:30:00.000Z');
    const approved = await h.ok('policies', 'approve', { id: policy.id }, 'ciso@example.com');
    expect(approved).toMatchObject({
      status: 'approved',
      approvedBy: 'ciso@example.com',
      approvedAt: '2026-03-11T15:30:00.000Z',
    });
    const published = await h.ok('policies', 'publish', { id: policy.id });
    expect(published).toMatchObject({
      status: 'published',
      approvedBy: 'ciso@example.com',
      publishedRevisionId: policy.currentRevisionId,
    });
    const inForce = await h.ok('policies', 'publishedRevision', { policyId: policy.id });
    expect(inForce).toMatchObject({ id: policy.currentRevisionId, body: 'text', versionMajor: 1, versionMinor: 0 });

    const row = h.core.db.prepare('SELECT status, approved_by, published_revision_id FROM policies WHERE id = ?').get(policy.id);
    expect(row).toEqual({
      status: 'published',
      approved_by: 'ciso@example.com',
      published_revision_id: policy.currentRevisionId,
    });
    const actions = h.core.db
      .prepare(
        "SELECT json_extract(after, '$.status') AS status FROM audit_events WHERE record_table = 'policies' AND record_id = ? ORDER BY seq",
      )
      .all(policy.id);
    expect(actions).toEqual([{ status: 'draft' }, { status: 'in_review' }, { status: 'approved' }, { status: 'published' }]);
  });

  it.each([
    ['approve a draft', 'approve', [], /only a policy in review can be approved \(submit it for review first\)/],
    ['publish a draft', 'publish', [], /only an approved policy can be published/],
    ['return a draft to draft', 'returnToDraft', [], /already a draft/],
    ['submit a policy in review again', 'submitForReview', ['submitForReview'], /is in review: only a draft can be submitted/],
    ['publish a policy in review', 'publish', ['submitForReview'], /only an approved policy/],
    ['approve an approved policy', 'approve', ['submitForReview', 'approve'], /is approved: only a policy in review/],
    ['return a published policy to draft', 'returnToDraft', ['submitForReview', 'approve', 'publish'], /is published: edit it/],
    ['publish twice', 'publish', ['submitForReview', 'approve', 'publish'], /is published: only an approved policy/],
  ] as const)('refuses to %s with CONFLICT and a clear message, changing nothing', async (_name, step, path, message) => {
    const policy = await h.ok('policies', 'create', { title: 'Backup Policy' });
    for (const previous of path) await h.ok('policies', previous, { id: policy.id });
    const before = snapshot(h.core.db);
    const error = await h.fails('policies', step, { id: policy.id });
    expect(error.code).toBe(ErrorCode.Conflict);
    expect(error.message).toMatch(/“Backup Policy”/);
    expect(error.message).toMatch(message);
    expect(snapshot(h.core.db)).toEqual(before);
  });

  it('returns a policy in review or approved to draft, clearing the approval', async () => {
    const policy = await h.ok('policies', 'create', { title: 'P' });
    await h.ok('policies', 'submitForReview', { id: policy.id });
    await h.ok('policies', 'approve', { id: policy.id });
    const back = await h.ok('policies', 'returnToDraft', { id: policy.id });
    expect(back).toMatchObject({ status: 'draft', approvedBy: null, approvedAt: null });
  });

  it('status is no longer a free field of update, and unknown policies are NOT_FOUND', async () => {
    const policy = await h.ok('policies', 'create', { title: 'P' });
    const before = snapshot(h.core.db);
    expect((await h.fails('policies', 'update', { id: policy.id, status: 'published' })).code).toBe(ErrorCode.InvalidInput);
    expect((await h.fails('policies', 'approve', { id: crypto.randomUUID() })).code).toBe(ErrorCode.NotFound);
    expect((await h.fails('policies', 'publish', { id: 'not-a-uuid' })).code).toBe(ErrorCode.InvalidInput);
    expect(snapshot(h.core.db)).toEqual(before);
  });

  it('a material edit of a published policy: back to draft, approval cleared, next major version, published text still in force', async () => {
    const published = await publishedPolicy();
    const edited = await h.ok('policies', 'update', {
      id: published.id,
      body: 'Access follows least privilege and is reviewed quarterly.',
    });
    expect(edited).toMatchObject({ status: 'draft', approvedBy: null, approvedAt: null, versionMajor: 2, versionMinor: 0 });
    expect(edited.publishedRevisionId).toBe(published.currentRevisionId);
    expect(edited.currentRevisionId).not.toBe(published.currentRevisionId);
    const inForce = await h.ok('policies', 'publishedRevision', { policyId: published.id });
    expect(inForce).toMatchObject({ body: 'Access follows least privilege.', versionMajor: 1, versionMinor: 0 });
    const latest = await h.ok('policies', 'revision', { id: edited.currentRevisionId! });
    expect(latest).toMatchObject({ versionMajor: 2, versionMinor: 0, baseRevisionId: published.currentRevisionId });

    // Further edits of the new draft stay on 2.0; publishing it replaces the text in force.
    const again = await h.ok('policies', 'update', { id: published.id, title: 'Access Control Policy (2026)' });
    expect([again.versionMajor, again.versionMinor]).toEqual([2, 0]);
    await h.ok('policies', 'submitForReview', { id: published.id });
    await h.ok('policies', 'approve', { id: published.id });
    const republished = await h.ok('policies', 'publish', { id: published.id });
    expect(republished.publishedRevisionId).toBe(again.currentRevisionId);
  });

  it('a material edit of an approved (not yet published) policy also resets the approval', async () => {
    const policy = await h.ok('policies', 'create', { title: 'P', body: 'a' });
    await h.ok('policies', 'submitForReview', { id: policy.id });
    await h.ok('policies', 'approve', { id: policy.id });
    const edited = await h.ok('policies', 'update', { id: policy.id, title: 'P renamed' });
    expect(edited).toMatchObject({
      status: 'draft',
      approvedBy: null,
      versionMajor: 2,
      versionMinor: 0,
      publishedRevisionId: null,
    });
  });

  it('a minor fix keeps the approval and bumps the minor version; on a published policy the fix is what is in force', async () => {
    const published = await publishedPolicy();
    const fixed = await h.ok('policies', 'update', {
      id: published.id,
      body: 'Access follows the least privilege.',
      minor: true,
    });
    expect(fixed).toMatchObject({ status: 'published', approvedBy: 'ciso@example.com', versionMajor: 1, versionMinor: 1 });
    expect(fixed.publishedRevisionId).toBe(fixed.currentRevisionId);
    expect((await h.ok('policies', 'publishedRevision', { policyId: published.id }))?.body).toBe(
      'Access follows the least privilege.',
    );
  });

  it('metadata edits (owner, review date) of a published policy keep its status and version', async () => {
    const published = await publishedPolicy();
    const edited = await h.ok('policies', 'update', { id: published.id, owner: 'Dana', nextReviewDate: '2027-03-01' });
    expect(edited).toMatchObject({ status: 'published', approvedBy: 'ciso@example.com', versionMajor: 1, versionMinor: 0 });
  });

  it('a material edit while in review sends the policy back to draft', async () => {
    const policy = await h.ok('policies', 'create', { title: 'P', body: 'a' });
    await h.ok('policies', 'submitForReview', { id: policy.id });
    expect((await h.ok('policies', 'update', { id: policy.id, body: 'b', minor: true })).status).toBe('in_review');
    expect((await h.ok('policies', 'update', { id: policy.id, body: 'c' })).status).toBe('draft');
  });

  it('publishedRevision is null before the first publish', async () => {
    const policy = await h.ok('policies', 'create', { title: 'P' });
    expect(await h.ok('policies', 'publishedRevision', { policyId: policy.id })).toBeNull();
  });
});
