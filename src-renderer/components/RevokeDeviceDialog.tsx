/**
 * The question asked before a computer is revoked, the same in Settings → Computers and in the
 * fleet view: revoking this computer keeps its work here; revoking another is for a lost laptop.
 */
import { ConfirmDialog } from './ConfirmDialog';

export interface RevokeDeviceDialogProps {
  /** The computer's name as shown in the list. */
  name: string;
  thisComputer: boolean;
  busy: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}

export function RevokeDeviceDialog({ name, thisComputer, busy, onConfirm, onCancel }: RevokeDeviceDialogProps) {
  return (
    <ConfirmDialog
      title={thisComputer ? 'Revoke this computer?' : `Revoke “${name}”?`}
      confirmLabel="Revoke"
      danger
      busy={busy}
      onConfirm={onConfirm}
      onCancel={onCancel}
    >
      <p>
        {thisComputer
          ? 'This computer will stop syncing with the organization at once. What it holds stays here, so you can still export it; to sync again it must be registered anew.'
          : 'For a lost or retired laptop: the computer is refused at its next request and stops syncing. What it holds stays on it. This cannot be undone.'}
      </p>
    </ConfirmDialog>
  );
}
