import { useEffect, useState } from 'react';
import type { WorkspaceInfo } from '../../src-shared/api/app';
import { call, complyflow } from '../api/complyflow';

type SyncState = { state: string; pending: number; lastSyncedAt: string | null; message: string | null };

/** The workspace in use and, once sync exists, its state: always visible, announced politely. */
export function StatusBar() {
  const [workspace, setWorkspace] = useState<WorkspaceInfo | null>(null);
  const [sync, setSync] = useState<SyncState | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    call(complyflow().app.workspace({})).then(setWorkspace, (e: Error) => setError(e.message));
    return complyflow().events.on('sync.state', setSync);
  }, []);

  return (
    <footer className="status-bar" role="status" aria-live="polite">
      {error ? (
        <span className="error-text">Cannot reach the app core: {error}</span>
      ) : (
        <>
          <span data-testid="workspace-name">{workspace?.name ?? 'Opening workspace…'}</span>
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
  );
}
