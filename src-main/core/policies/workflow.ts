/**
 * The approval workflow: draft → in_review → approved → published, with explicit steps, and
 * what an edit of the text does to it. A material edit of an approved or published policy
 * starts a new major version as a draft and clears the approval; the published revision stays
 * in force until the new draft is itself published. A minor fix (typo) keeps the approval.
 *
 * Approval and publication are also stamped on the revision they concern (approved_by/at,
 * published_at), so the version in force keeps its approval record while a newer draft exists.
 *
 * Review date rule (src-shared/domain/review-date.ts, so the UI shows the date before the step):
 * approving or publishing a policy whose next review date is missing or already past sets it to
 * one year after that day; a date still in the future is kept.
 */
import type { Policy, PolicyStatus } from '../../../src-shared/domain/policy';
import { oneYearAfter, reviewDateAfterApproval } from '../../../src-shared/domain/review-date';
import { selfApprovalRefusal } from '../../../src-shared/domain/self-approval';
import { AppError, ErrorCode } from '../../../src-shared/errors';
import type { Db } from '../db/database';
import { todayOf, toPolicy, type PolicyRow, type PolicyStore } from './policy-row';
import type { RevisionStore } from './revisions';

const LABEL: Record<PolicyStatus, string> = {
  draft: 'a draft',
  in_review: 'in review',
  approved: 'approved',
  published: 'published',
};

interface WorkflowContext {
  db: Db;
  store: PolicyStore;
  revisions: RevisionStore;
  now: () => string;
  allowSelfApproval: () => boolean;
}

/** The row after a change of title or body (before its new revision is written). */
export function afterTextEdit(row: PolicyRow, minor: boolean): PolicyRow {
  switch (row.status) {
    case 'draft':
      return row;
    case 'in_review':
      // The reviewers saw other words: a material change goes back to the author.
      return minor ? row : { ...row, status: 'draft' };
    case 'approved':
    case 'published':
      if (minor) return { ...row, version_minor: row.version_minor + 1 };
      return {
        ...row,
        status: 'draft',
        approved_by: null,
        approved_at: null,
        approval_comment: null,
        version_major: row.version_major + 1,
        version_minor: 0,
      };
  }
}

export { oneYearAfter, reviewDateAfterApproval };

export function createWorkflow({ db, store, revisions, now, allowSelfApproval }: WorkflowContext) {
  /** One step of the workflow: checks the current status, then writes the new state. */
  const step = (
    id: string,
    actor: string,
    allowed: readonly PolicyStatus[],
    refusal: (row: PolicyRow) => string,
    apply: (row: PolicyRow, at: string) => PolicyRow,
  ): Policy => {
    const before = store.getRow(id);
    if (!allowed.includes(before.status)) throw new AppError(ErrorCode.Conflict, refusal(before));
    const at = now();
    const after = { ...apply(before, at), updated_at: at, updated_by: actor };
    store.update(before, after);
    return toPolicy(after, todayOf(now));
  };

  return {
    afterTextEdit,

    submitForReview: db.transaction((id: string, actor: string) =>
      step(
        id,
        actor,
        ['draft'],
        (p) => `“${p.title}” is ${LABEL[p.status]}: only a draft can be submitted for review.`,
        (p) => ({ ...p, status: 'in_review' }),
      ),
    ),

    approve: db.transaction((id: string, actor: string, comment: string | null = null) =>
      step(
        id,
        actor,
        ['in_review'],
        (p) =>
          `“${p.title}” is ${LABEL[p.status]}: only a policy in review can be approved${p.status === 'draft' ? ' (submit it for review first)' : ''}.`,
        (p, at) => {
          // The server refuses it too (private.check_may_approve): say so now, before it is pushed.
          const refusal = selfApprovalRefusal({ editedBy: p.edited_by, approver: actor, allowSelfApproval: allowSelfApproval() });
          if (refusal) throw new AppError(ErrorCode.Forbidden, refusal);
          if (p.current_revision_id)
            revisions.stamp(p.current_revision_id, { approvedBy: actor, approvedAt: at, approvalComment: comment }, at, actor);
          return {
            ...p,
            status: 'approved',
            approved_by: actor,
            approved_at: at,
            approval_comment: comment,
            next_review_date: reviewDateAfterApproval(p.next_review_date, at),
          };
        },
      ),
    ),

    publish: db.transaction((id: string, actor: string) =>
      step(
        id,
        actor,
        ['approved'],
        (p) => `“${p.title}” is ${LABEL[p.status]}: only an approved policy can be published.`,
        (p, at) => {
          // Policies saved before revisions existed get theirs now, so the published text is kept.
          const revisionId =
            p.current_revision_id ??
            revisions.add({
              policyId: p.id,
              title: p.title,
              body: p.body,
              versionMajor: p.version_major,
              versionMinor: p.version_minor,
              baseRevisionId: null,
              at,
              actor,
            });
          // The revision put in force records when, and keeps the policy's approval.
          const record = revisions.approvalOf(revisionId);
          revisions.stamp(
            revisionId,
            {
              publishedAt: at,
              ...(record?.approvedBy
                ? {}
                : { approvedBy: p.approved_by, approvedAt: p.approved_at, approvalComment: p.approval_comment }),
            },
            at,
            actor,
          );
          return {
            ...p,
            status: 'published',
            current_revision_id: revisionId,
            published_revision_id: revisionId,
            next_review_date: reviewDateAfterApproval(p.next_review_date, at),
          };
        },
      ),
    ),

    returnToDraft: db.transaction((id: string, actor: string) =>
      step(
        id,
        actor,
        ['in_review', 'approved'],
        (p) =>
          p.status === 'draft'
            ? `“${p.title}” is already a draft.`
            : `“${p.title}” is published: edit it to start a new draft; the published version stays in force meanwhile.`,
        (p) => ({ ...p, status: 'draft', approved_by: null, approved_at: null, approval_comment: null }),
      ),
    ),
  };
}
