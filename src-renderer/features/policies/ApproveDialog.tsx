/**
 * Asked before a policy is approved or published: who approves (the person the app records),
 * the comment that goes with the approval record (approval only), and the next review date the
 * step will set when it moves (the same rule as the core: src-shared/domain/review-date.ts).
 */
import { useEffect, useState } from 'react';
import { APPROVAL_COMMENT_MAX, type Policy } from '../../../src-shared/domain/policy';
import { reviewDateAfterApproval } from '../../../src-shared/domain/review-date';
import { complyflow } from '../../api/complyflow';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { formatDate } from '../../components/dates';
import { LimitedText, overLimit } from '../../components/LimitedText';
import { versionLabel } from './version';

export type ApprovalStep = 'approve' | 'publish';

/** The review date a step taken now would set, or null when it stays as it is. */
export function reviewDateChange(policy: Policy, at = new Date().toISOString()): string | null {
  const next = reviewDateAfterApproval(policy.nextReviewDate, at);
  return next === policy.nextReviewDate ? null : next;
}

export function ApproveDialog({
  policy,
  step,
  busy,
  onConfirm,
  onCancel,
}: {
  policy: Policy;
  step: ApprovalStep;
  busy: boolean;
  onConfirm(comment: string): void;
  onCancel(): void;
}) {
  const [comment, setComment] = useState('');
  const [approver, setApprover] = useState<string | null>(null);
  useEffect(() => {
    void complyflow()
      .app.profile({})
      .then((r) => setApprover(r.ok ? r.value.displayName : null));
  }, []);

  const newDate = reviewDateChange(policy);
  const approving = step === 'approve';
  const canConfirm = !approving || (comment.trim().length > 0 && overLimit(comment, APPROVAL_COMMENT_MAX) === 0);
  const version = versionLabel(policy);
  return (
    <ConfirmDialog
      title={`${approving ? 'Approve' : 'Publish'} “${policy.title}” ${version}?`}
      confirmLabel={approving ? 'Approve' : 'Publish'}
      canConfirm={canConfirm}
      busy={busy}
      onConfirm={() => onConfirm(comment)}
      onCancel={onCancel}
    >
      <p>
        {approving ? 'You approve' : 'You publish'} this version as <strong>{approver ?? 'the local user'}</strong>
        {approver === null && ' (set your name in Settings → You, so approvals name a person)'}.
        {approving && approver !== null && policy.updatedBy === approver && ' You also saved this text.'}
      </p>
      {!approving && <p>Publishing puts this version in force: it replaces the version people follow today.</p>}
      <p data-testid="review-date-change">
        {newDate
          ? `The next review date changes from ${policy.nextReviewDate ? formatDate(policy.nextReviewDate) : 'none'} to ${formatDate(newDate)}.`
          : `The next review date stays ${formatDate(policy.nextReviewDate!)}.`}
      </p>
      {approving && (
        <LimitedText
          label="Approval comment"
          value={comment}
          max={APPROVAL_COMMENT_MAX}
          multiline
          required
          autoFocus
          placeholder="What you checked, and any conditions of the approval"
          onChange={setComment}
        />
      )}
    </ConfirmDialog>
  );
}
