/**
 * Where the policy stands in draft → in review → approved → published, who approved it, and
 * the next step as a button. Steps wait until unsaved edits are saved, so what is reviewed,
 * approved or published is always the saved text.
 */
import { useState } from 'react';
import { useCan, useSession } from '../../app/session-store';
import { LOCAL_ORG_ID } from '../../../src-shared/domain/common';
import { selfApprovalRefusal } from '../../../src-shared/domain/self-approval';
import type { Policy } from '../../../src-shared/domain/policy';
import { ActorName } from '../account/ActorName';
import { call, complyflow } from '../../api/complyflow';
import { showError } from '../../app/toast-store';
import { formatDateTime } from '../../components/dates';
import { isRepeatClick, useInFlight } from '../../components/use-in-flight';
import { ApproveDialog, reviewDateChange, type ApprovalStep } from './ApproveDialog';
import { STATUS_LABELS } from './status-labels';
import { versionLabel } from './version';

type Step = 'submitForReview' | 'approve' | 'publish' | 'returnToDraft';

const STEPS: Record<Policy['status'], { step: Step; label: string; primary?: boolean }[]> = {
  draft: [{ step: 'submitForReview', label: 'Submit for review', primary: true }],
  in_review: [
    { step: 'approve', label: 'Approve', primary: true },
    { step: 'returnToDraft', label: 'Return to draft' },
  ],
  approved: [
    { step: 'publish', label: 'Publish', primary: true },
    { step: 'returnToDraft', label: 'Return to draft' },
  ],
  published: [],
};

/**
 * Why the signed-in user may not approve this version (they made its last material edit and the
 * organization does not allow self-approval), by the rule the core and the server apply; null
 * when they may. The local workspace has one person, who approves their own work.
 */
function useSelfApprovalRefusal(policy: Policy): string | null {
  const account = useSession((s) => s.account);
  if (!account?.user || account.activeOrgId === LOCAL_ORG_ID) return null;
  const membership = account.memberships.find((m) => m.orgId === account.activeOrgId);
  return selfApprovalRefusal({
    editedBy: policy.editedBy,
    approver: account.user.id,
    allowSelfApproval: membership?.allowSelfApproval ?? false,
  });
}

export function WorkflowBar({ policy, dirty, onChanged }: { policy: Policy; dirty: boolean; onChanged(policy: Policy): void }) {
  const [busy, runStep] = useInFlight();
  // Steps the role may not take are not offered (approving and publishing: owners and admins).
  const canEdit = useCan('records.write');
  const canApprove = useCan('policies.approve');
  /** Approve always asks (who approves, a comment); publish asks when it moves the review date. */
  const [asking, setAsking] = useState<ApprovalStep | null>(null);
  const selfApproval = useSelfApprovalRefusal(policy);
  const run = (step: Step, comment?: string) =>
    runStep(async () => {
      try {
        const api = complyflow().policies;
        const next = await call(step === 'approve' ? api.approve({ id: policy.id, comment }) : api[step]({ id: policy.id }));
        setAsking(null);
        onChanged(next);
      } catch (error) {
        showError(error);
      }
    });
  const start = (step: Step) => {
    if (step === 'approve' || (step === 'publish' && reviewDateChange(policy))) setAsking(step);
    else void run(step);
  };
  return (
    <div className="workflow-bar" role="group" aria-label="Workflow">
      <span className="policy-badges">
        <span className={`badge badge-${policy.status}`} data-testid="policy-status">
          {STATUS_LABELS[policy.status]}
        </span>
        <span className="badge badge-version" data-testid="policy-version">
          {versionLabel(policy)}
        </span>
        {policy.overdue && <span className="badge badge-overdue">Review overdue</span>}
      </span>
      <span className="approval" data-testid="policy-approval">
        {policy.approvedBy && policy.approvedAt ? (
          <>
            Approved by <ActorName actor={policy.approvedBy} /> on {formatDateTime(policy.approvedAt)}
          </>
        ) : (
          'Not approved'
        )}
      </span>
      {policy.approvalComment && (
        <span className="approval approval-comment" data-testid="policy-approval-comment">
          Comment: “{policy.approvalComment}”
        </span>
      )}
      <span className="workflow-actions">
        {dirty && STEPS[policy.status].length > 0 && <span className="approval">Save your changes first.</span>}
        {policy.status === 'in_review' && canApprove && selfApproval && (
          <span className="approval" id="self-approval-reason" data-testid="self-approval-reason">
            {selfApproval}
          </span>
        )}
        {STEPS[policy.status]
          .filter(({ step }) => (step === 'approve' || step === 'publish' ? canApprove : canEdit))
          .map(({ step, label, primary }) => (
            <button
              key={step}
              type="button"
              className={primary ? 'primary' : undefined}
              disabled={dirty || busy || (step === 'approve' && selfApproval !== null)}
              aria-describedby={step === 'approve' && selfApproval ? 'self-approval-reason' : undefined}
              aria-busy={busy || undefined}
              onClick={(event) => {
                // The next step's button appears where this one was: a double-click's second
                // click must not approve or publish.
                if (!isRepeatClick(event)) start(step);
              }}
            >
              {label}
            </button>
          ))}
      </span>
      {asking && (
        <ApproveDialog
          policy={policy}
          step={asking}
          busy={busy}
          onConfirm={(comment) => void run(asking, comment)}
          onCancel={() => setAsking(null)}
        />
      )}
    </div>
  );
}
