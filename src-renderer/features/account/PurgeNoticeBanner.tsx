/**
 * Across the top after this computer's copy of an organization was removed (the user is no
 * member any more): says so, and where the changes that could not be sent were written, or that
 * there were none. The core keeps the notice until it is dismissed, so it is still here after
 * the window reload that opens the local workspace.
 */
import { useState } from 'react';
import { call, complyflow } from '../../api/complyflow';
import { useSession } from '../../app/session-store';
import './account.css';

export function PurgeNoticeBanner() {
  const notice = useSession((s) => s.account?.notice ?? null);
  const [error, setError] = useState<string | null>(null);
  if (!notice) return null;
  const org = notice.orgName ? `“${notice.orgName}”` : 'an organization';
  const dismiss = async () => {
    try {
      useSession.getState().setAccount(await call(complyflow().account.dismissNotice({})));
      setError(null);
    } catch (e) {
      setError((e as Error).message);
    }
  };
  return (
    <div className="purge-notice" role="alert" data-testid="purge-notice">
      <p>
        You are no longer a member of {org}, so its copy was removed from this computer (the server said: “{notice.message}”).{' '}
        {notice.exportedPath ? (
          <>
            The changes that were not sent yet were saved to <code data-testid="purge-export">{notice.exportedPath}</code>.
          </>
        ) : (
          'There were no unsent changes.'
        )}
      </p>
      {error && <p className="error-text">{error}</p>}
      <button type="button" onClick={() => void dismiss()}>
        Dismiss
      </button>
    </div>
  );
}
