/**
 * Across the top of every screen while sync is paused: the organization needs a newer app
 * (update_required) or this computer was signed out of it. Local work goes on either way,
 * and the banner says so.
 */
import { useSync } from './sync-store';
import { updateRequired } from './sync-words';

export function SyncBanner() {
  const status = useSync((s) => s.status);
  if (status?.state !== 'paused') return null;
  return (
    <p className="sync-banner" role="alert" data-testid="sync-banner">
      {updateRequired(status)
        ? 'This version of ComplyFlow is too old to sync with your organization. Update to keep syncing; your work here is kept.'
        : `Sync is paused: ${status.message ?? 'the organization stopped accepting changes from this computer'}. Your work here is kept.`}
    </p>
  );
}
