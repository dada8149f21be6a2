import { useState } from 'react';
import { ROLE_LABELS } from '../../src-shared/domain/account';
import { SignInDialog } from '../features/account/SignInDialog';
import { SyncStatusItems } from '../features/sync/SyncStatusItems';
import { useSync } from '../features/sync/sync-store';
import { useSession } from './session-store';

/** The workspace in use, who is signed in with what role, the network and sync's state. */
export function StatusBar() {
  const { workspace, account, error } = useSession();
  const sync = useSync((s) => s.status);
  const [signingIn, setSigningIn] = useState(false);

  const connected = account?.connection.mode === 'supabase';
  // The engine may know before the account does that the project stopped answering.
  const online = account?.online === true && sync?.state !== 'offline';
  const expired = account?.session === 'expired';
  return (
    <>
      {/* The live region is inside the footer: a footer (contentinfo) may not take the status role. */}
      <footer className="status-bar">
        <div className="status-items" role="status" aria-live="polite">
          {error ? (
            <span className="error-text">Cannot reach the app core: {error}</span>
          ) : (
            <>
              <span data-testid="workspace-name">{workspace?.name ?? 'Opening workspace…'}</span>
              {workspace && workspace.role !== 'local' && <span data-testid="workspace-role">{ROLE_LABELS[workspace.role]}</span>}
              {connected && account?.user && <span data-testid="signed-in-user">{account.user.email}</span>}
              {connected && (
                <span data-testid="network-state">{online ? 'Online' : 'Offline: changes are kept on this computer'}</span>
              )}
              {expired && (
                <button type="button" className="link-button" onClick={() => setSigningIn(true)}>
                  Session ended: sign in again
                </button>
              )}
              {sync ? (
                <SyncStatusItems status={sync} />
              ) : (
                workspace?.kind === 'local' && <span>Saved on this computer (not synced)</span>
              )}
            </>
          )}
        </div>
      </footer>
      {signingIn && <SignInDialog onClose={() => setSigningIn(false)} />}
    </>
  );
}
