/**
 * Sync's part of the status bar: the state ("Syncing…", "Synced 12 s ago", "Paused: …"), how many
 * changes wait, and buttons to the sync panel for what needs a person (refused or stalled
 * changes, conflicts). The ticking time is not announced: only changes of state are.
 */
import type { SyncStatus } from '../../../src-shared/api/sync';
import { useRouter } from '../../app/router-store';
import { attentionText, conflictsText, pendingText, stateText } from './sync-words';
import { useNow } from './use-now';
import './sync.css';

export function SyncStatusItems({ status }: { status: SyncStatus }) {
  const now = useNow();
  const go = useRouter((s) => s.go);
  const state = stateText(status, now);
  // The local workspace never syncs: what it keeps is not "waiting" for anything.
  if (status.state === 'local-only') return <span data-testid="sync-state">{state}</span>;
  const pending = pendingText(status);
  const attention = attentionText(status);
  const conflicts = conflictsText(status);
  const ticking = status.state === 'idle';
  return (
    <>
      {state && (
        // The way to the sync panel even when nothing waits (when did it last run, Retry now).
        <button
          type="button"
          className="link-button"
          data-testid="sync-state"
          aria-live={ticking ? 'off' : undefined}
          onClick={() => go('sync')}
        >
          {state}
        </button>
      )}
      {pending && (
        <button type="button" className="link-button" data-testid="sync-pending" onClick={() => go('sync')}>
          {pending}
        </button>
      )}
      {attention && (
        <button type="button" className="link-button attention" data-testid="sync-attention" onClick={() => go('sync')}>
          {attention}
        </button>
      )}
      {conflicts && (
        <button type="button" className="link-button attention" data-testid="sync-conflicts" onClick={() => go('sync')}>
          {conflicts}
        </button>
      )}
    </>
  );
}
