/**
 * Review fixes in the policy workflow: a minor fix stays minor, a save without change writes
 * nothing, the revision carries its approval record, the 'published' filter finds policies with
 * a version in force, and approval sets a missing or past review date a year ahead.
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

const BODY = `# Access Control Policy\n\n${'Access follows least privilege and is reviewed every quarter. '.repeat(20)}`;

async function published(nextReviewDate: string | null = '2027-01-01') {
  const policy = await h.ok('policies', 'create', { title: 'Access Control Policy', body: BODY, nextReviewDate });
  await h.ok('policies', 'submitForReview', { id: policy.id });
  h.setNow('2026-03-11T15:30:00.000Z');
  await h.ok('policies', 'approve', { id: policy.id }, 'ciso@example.com');
  h.setNow('2026-03-12T08:00:00.000Z');
  return h.ok('policies', 'publish', { id: policy.id }, 'dana@example.com');
}

describe('a minor fix', () => {
  it('is refused when it changes the title or more than 200 characters, changing nothing', async () => {
    const policy = await published();
    const before = snapshot(h.core.db);
    const rewrite = await h.fails('policies', 'update', {
      id: policy.id,
      body: 'Everyone may access everything.',
      minor: true,
    });
    expect(rewrite).toEqual({
      code: ErrorCode.InvalidInput,
      message: 'A minor fix may change at most 200 characters and not the title; save it as a material change.',
    });
    const retitled = await h.fails('policies', 'update', { id: policy.id, title: 'Open Access Policy', minor: true });
    expect(retitled.code).toBe(ErrorCode.InvalidInput);
    // 201 characters inserted in the middle: one too many.
    const middle = BODY.length / 2;
    const tooLong = await h.fails('policies', 'update', {
      id: policy.id,
      body: `${BODY.slice(0, middle)}${'x'.repeat(201)}${BODY.slice(middle)}`,
      minor: true,
    });
    expect(tooLong.code).toBe(ErrorCode.InvalidInput);
    expect(snapshot(h.core.db)).toEqual(before);
  });

  it('of up to 200 characters keeps the approval, and the fixed revision is in force with it', async () => {
    const policy = await published();
    const middle = BODY.length / 2;
    const fixed = await h.ok('policies', 'update', {
      id: policy.id,
      body: `${BODY.slice(0, middle)}${'y'.repeat(200)}${BODY.slice(middle + 10)}`,
      minor: true,
    });
    expect(fixed).toMatchObject({ status: 'published', approvedBy: 'ciso@example.com', versionMajor: 1, versionMinor: 1 });
    const inForce = await h.ok('policies', 'publishedRevision', { policyId: policy.id });
    expect(inForce).toMatchObject({
      versionMinor: 1,
      approvedBy: 'ciso@example.com',
      approvedAt: '2026-03-11T15:30:00.000Z',
    });
    expect(inForce?.publishedAt).toBeTruthy();
  });

  it('on a draft has nothing to keep, so any edit is allowed', async () => {
    const policy = await h.ok('policies', 'create', { title: 'P', body: 'a' });
    const edited = await h.ok('policies', 'update', { id: policy.id, title: 'Q', body: 'b'.repeat(500), minor: true });
    expect(edited).toMatchObject({ title: 'Q', status: 'draft' });
  });
});

describe('a save without change', () => {
  it('writes nothing: no new updated_at, no outbox entry, no trail event', async () => {
    const policy = await published();
    h.setNow('2026-04-01T00:00:00.000Z');
    const before = snapshot(h.core.db);
    const saved = await h.ok(
      'policies',
      'update',
      { id: policy.id, title: policy.title, body: BODY, owner: policy.owner, nextReviewDate: policy.nextReviewDate },
      'someone-else',
    );
    expect(snapshot(h.core.db)).toEqual(before);
    expect(saved.updatedAt).toBe(policy.updatedAt);
    expect(saved.updatedBy).toBe(policy.updatedBy);
  });
});

describe('the approval record on the revision', () => {
  it('approve stamps the current revision; publish stamps when it went in force; a newer draft leaves both', async () => {
    const policy = await published();
    const revision = await h.ok('policies', 'revision', { id: policy.currentRevisionId! });
    expect(revision).toMatchObject({
      approvedBy: 'ciso@example.com',
      approvedAt: '2026-03-11T15:30:00.000Z',
      publishedAt: '2026-03-12T08:00:00.000Z',
      // The author of the text, not the approver who stamped it later.
      createdBy: 'local',
    });
    const draft = await h.ok('policies', 'update', { id: policy.id, body: 'A wholly new policy.' });
    expect(draft).toMatchObject({ status: 'draft', approvedBy: null, versionMajor: 2 });
    const inForce = await h.ok('policies', 'publishedRevision', { policyId: policy.id });
    expect(inForce).toMatchObject({ versionMajor: 1, approvedBy: 'ciso@example.com', publishedAt: '2026-03-12T08:00:00.000Z' });
    const newer = await h.ok('policies', 'revision', { id: draft.currentRevisionId! });
    expect(newer).toMatchObject({ approvedBy: null, approvedAt: null, publishedAt: null });

    // The stamps sync: outbox entries and trail events for the revision row.
    const outbox = h.core.db
      .prepare("SELECT op, patch FROM outbox WHERE table_name = 'policy_revisions' AND record_id = ? ORDER BY seq")
      .all(policy.currentRevisionId) as { op: string; patch: string }[];
    expect(outbox.map((o) => [o.op, Object.keys(JSON.parse(o.patch) as object).sort()])).toEqual([
      ['insert', expect.arrayContaining(['body', 'approved_by'])],
      ['update', ['approved_at', 'approved_by']],
      ['update', ['published_at']],
    ]);
  });
});

describe("the 'published' filter", () => {
  it('keeps a policy whose published version is in force while a newer draft exists, with publishedVersion', async () => {
    const policy = await published();
    await h.ok('policies', 'create', { title: 'Draft only' });
    await h.ok('policies', 'update', { id: policy.id, body: 'A wholly new policy.' });
    const list = await h.ok('policies', 'list', { status: 'published' });
    expect(list.total).toBe(1);
    expect(list.items[0]).toMatchObject({ id: policy.id, status: 'draft', versionMajor: 2, publishedVersion: '1.0' });
    const all = await h.ok('policies', 'list', {});
    expect(all.items.find((p) => p.title === 'Draft only')?.publishedVersion).toBeNull();
    const drafts = await h.ok('policies', 'list', { status: 'draft' });
    expect(drafts.total).toBe(2);
  });
});

describe('the next review date on approval', () => {
  it.each([
    ['missing', null, '2027-03-11'],
    ['in the past', '2025-12-31', '2027-03-11'],
    ['in the future', '2026-09-30', '2026-09-30'],
  ])('when %s becomes a year after the approval (or stays)', async (_name, date, expected) => {
    const policy = await h.ok('policies', 'create', { title: 'P', nextReviewDate: date });
    await h.ok('policies', 'submitForReview', { id: policy.id });
    h.setNow('2026-03-11T15:30:00.000Z');
    const approved = await h.ok('policies', 'approve', { id: policy.id });
    expect(approved).toMatchObject({ nextReviewDate: expected, overdue: false });
  });

  it('is set again on publish when it passed between approval and publication', async () => {
    const policy = await h.ok('policies', 'create', { title: 'P', nextReviewDate: '2026-04-01' });
    await h.ok('policies', 'submitForReview', { id: policy.id });
    await h.ok('policies', 'approve', { id: policy.id });
    h.setNow('2026-05-02T10:00:00.000Z');
    const live = await h.ok('policies', 'publish', { id: policy.id });
    expect(live).toMatchObject({ nextReviewDate: '2027-05-02', overdue: false });
  });

  it('treats 29 February as 28 February a year later', async () => {
    const { oneYearAfter } = await import('../../../../src-main/core/policies/workflow');
    expect(oneYearAfter('2028-02-29T12:00:00.000Z')).toBe('2029-02-28');
    expect(oneYearAfter('2026-12-31T23:59:59.000Z')).toBe('2027-12-31');
  });
});
