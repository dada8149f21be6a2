import { useEffect, useState } from 'react';
import { ROLE_LABELS } from '../../src-shared/domain/account';
import { complyflow } from '../api/complyflow';
import { SignInDialog } from '../features/account/SignInDialog';
import { useSession } from './session-store';

type SyncState = { state: string; pending: number; lastSyncedAt: string | null; message: string | null };

/** The workspace in use, who is signed in with what role, the network and (once sync exists) its state. */
export function StatusBar() {
  const { workspace, account, error } = useSession();
  const [sync, setSync] = useState<SyncState | null>(null);
  const [signingIn, setSigningIn] = useState(false);
  useEffect(() => complyflow().events.on('sync.state', setSync), []);

  const connected = account?.connection.mode === 'supabase';
  const expired = account?.session === 'expired';
  return (
    <>
      <footer className="status-bar" role="status" aria-live="polite">
        {error ? (
          <span className="error-text">Cannot reach the app core: {error}</span>
        ) : (
          <>
            <span data-testid="workspace-name">{workspace?.name ?? 'Opening workspace…'}</span>
            {workspace && workspace.role !== 'local' && <span data-testid="workspace-role">{ROLE_LABELS[workspace.role]}</span>}
            {connected && account?.user && <span data-testid="signed-in-user">{account.user.email}</span>}
            {connected && (
              <span data-testid="network-state">{account?.online ? 'Online' : 'Offline: changes are kept on this computer'}</span>
            )}
            {expired && (
              <button type="button" className="link-button" onClick={() => setSigningIn(true)}>
                Session ended: sign in again
              </button>
            )}
            <span>
              {sync
                ? `${sync.state}, ${sync.pending} change${sync.pending === 1 ? '' : 's'} waiting`
                : workspace?.kind === 'local'
                  ? 'Saved on this computer (not synced)'
                  : ''}
            </span>
          </>
        )}
      </footer>
      {signingIn && <SignInDialog onClose={() => setSigningIn(false)} />}
    </>
  );
}
