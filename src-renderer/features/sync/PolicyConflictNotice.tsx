/**
 * In the policy editor: says when this policy's text has an open conflict (two people changed
 * the same lines) and opens the merge view. Goes away once the conflict is resolved, here or
 * on another device.
 */
import { useCallback, useEffect, useState } from 'react';
import type { PolicyConflict } from '../../../src-shared/api/sync';
import { call, complyflow } from '../../api/complyflow';
import { useToasts } from '../../app/toast-store';
import { MergeView } from './MergeView';
import { useSync } from './sync-store';

export function PolicyConflictNotice({ policyId, onResolved }: { policyId: string; onResolved(): void }) {
  const [conflicts, setConflicts] = useState<PolicyConflict[]>([]);
  const [open, setOpen] = useState<PolicyConflict | null>(null);
  const count = useSync((s) => s.status?.conflicts ?? 0);

  const load = useCallback(async () => {
    try {
      setConflicts(await call(complyflow().sync.conflicts({ policyId })));
    } catch {
      // Without the list the editor still works; the sync panel shows why it failed.
      setConflicts([]);
    }
  }, [policyId]);
  useEffect(() => void load(), [load, count]);

  const first = conflicts[0];
  return (
    <>
      {first && (
        <div className="conflict-notice" role="alert" data-testid="conflict-notice">
          <span>
            This policy’s text was changed on two sides in the same lines. Both texts are kept until you choose the result.
          </span>
          <button type="button" className="primary" onClick={() => setOpen(first)}>
            Resolve the conflict
          </button>
        </div>
      )}
      {open && (
        <MergeView
          conflict={open}
          onCancel={() => setOpen(null)}
          onResolved={() => {
            setOpen(null);
            useToasts
              .getState()
              .show({ tone: 'info', text: `Saved the merged text of “${open.policyTitle}” as a new revision.` });
            void load();
            void useSync.getState().load();
            onResolved();
          }}
        />
      )}
    </>
  );
}
