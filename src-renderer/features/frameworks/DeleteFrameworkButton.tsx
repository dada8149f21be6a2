/**
 * "Delete framework…": asks first (a framework carries every control's status, owner, notes
 * and evidence links), then moves it and its controls to the Trash, with Undo in the toast.
 */
import { Trash2 } from 'lucide-react';
import { useState } from 'react';
import type { FrameworkWithReadiness } from '../../../src-shared/domain/framework';
import { plural } from '../../../src-shared/words';
import { call, complyflow } from '../../api/complyflow';
import { useRouter } from '../../app/router-store';
import { showError, useToasts } from '../../app/toast-store';
import { ConfirmDialog } from '../../components/ConfirmDialog';

export function DeleteFrameworkButton({ framework }: { framework: FrameworkWithReadiness }) {
  const go = useRouter((s) => s.go);
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);

  const remove = async () => {
    setBusy(true);
    try {
      await call(complyflow().frameworks.delete({ id: framework.id }));
      setAsking(false);
      go('frameworks');
      useToasts.getState().show({
        tone: 'info',
        text: `Moved “${framework.title}” to the Trash.`,
        action: {
          label: 'Undo',
          run: () => {
            void call(complyflow().trash.restore({ kind: 'framework', id: framework.id })).then(
              () => go('frameworks', framework.id),
              showError,
            );
          },
        },
      });
    } catch (error) {
      showError(error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <button type="button" className="danger" onClick={() => setAsking(true)}>
        <Trash2 aria-hidden size={16} /> Delete framework…
      </button>
      {asking && (
        <ConfirmDialog
          title="Delete this framework?"
          confirmLabel="Move to Trash"
          danger
          busy={busy}
          onConfirm={() => void remove()}
          onCancel={() => setAsking(false)}
        >
          <p>
            “{framework.title}” and its {plural(framework.controls, 'control')} leave every list, with their status, owners and
            notes.
          </p>
          <p>It goes to the Trash, where you can restore it until the Trash is emptied.</p>
        </ConfirmDialog>
      )}
    </>
  );
}
