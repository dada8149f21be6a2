/**
 * Where the policy stands in draft → in review → approved → published, who approved it, and
 * the next step as a button. Steps wait until unsaved edits are saved, so what is reviewed,
 * approved or published is always the saved text.
 */
import type { Policy } from '../../../src-shared/domain/policy';
import { ActorName } from '../account/ActorName';
import { call, complyflow } from '../../api/complyflow';
import { showError } from '../../app/toast-store';
import { isRepeatClick, useInFlight } from '../../components/use-in-flight';
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

export function WorkflowBar({ policy, dirty, onChanged }: { policy: Policy; dirty: boolean; onChanged(policy: Policy): void }) {
  const [busy, runStep] = useInFlight();
  const run = (step: Step) =>
    runStep(async () => {
      try {
        onChanged(await call(complyflow().policies[step]({ id: policy.id })));
      } catch (error) {
        showError(error);
      }
    });
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
            Approved by <ActorName actor={policy.approvedBy} /> on {new Date(policy.approvedAt).toLocaleString()}
          </>
        ) : (
          'Not approved'
        )}
      </span>
      <span className="workflow-actions">
        {dirty && STEPS[policy.status].length > 0 && <span className="approval">Save your changes first.</span>}
        {STEPS[policy.status].map(({ step, label, primary }) => (
          <button
            key={step}
            type="button"
            className={primary ? 'primary' : undefined}
            disabled={dirty || busy}
            aria-busy={busy || undefined}
            onClick={(event) => {
              // The next step's button appears where this one was: a double-click's second
              // click must not approve or publish.
              if (!isRepeatClick(event)) void run(step);
            }}
          >
            {label}
          </button>
        ))}
      </span>
    </div>
  );
}
