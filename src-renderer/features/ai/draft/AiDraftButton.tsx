/**
 * The policy editor's "Draft with AI": offered to those who may edit policies, it says why it
 * is not available (no connection, the local workspace, unsaved edits) instead of failing.
 */
import { useState } from 'react';
import type { Policy } from '../../../../src-shared/domain/policy';
import { LOCAL_ORG_ID } from '../../../../src-shared/domain/common';
import { useSession } from '../../../app/session-store';
import { AiDraftDialog } from './AiDraftDialog';

export function AiDraftButton({ policy, dirty, onSaved }: { policy: Policy; dirty: boolean; onSaved(policy: Policy): void }) {
  const [open, setOpen] = useState(false);
  const account = useSession((s) => s.account);
  const local = !account || account.activeOrgId === LOCAL_ORG_ID;
  const offline = !local && !account.online;
  const why = local
    ? 'Drafting with AI needs a connection to your organization.'
    : offline
      ? 'Drafting with AI needs a connection: you are offline.'
      : dirty
        ? 'Save or undo your edits first: the draft is compared with the saved text.'
        : null;
  return (
    <>
      <button
        type="button"
        disabled={why !== null}
        aria-describedby={why ? 'ai-draft-why' : undefined}
        onClick={() => setOpen(true)}
      >
        {local || offline ? 'Draft with AI (needs a connection)' : 'Draft with AI'}
      </button>
      {why && (
        <span id="ai-draft-why" className="muted">
          {why}
        </span>
      )}
      {open && (
        <AiDraftDialog
          policy={policy}
          onClose={() => setOpen(false)}
          onSaved={(saved) => {
            setOpen(false);
            onSaved(saved);
          }}
        />
      )}
    </>
  );
}
