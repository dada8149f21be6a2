/**
 * Across the top of every screen while this version is below the organization's minimum: it
 * cannot be dismissed (sync is paused until the app is updated; local work goes on). Offers to
 * install once the update is downloaded.
 */
import { call, complyflow } from '../../api/complyflow';
import { showError } from '../../app/toast-store';
import { useUpdates } from './update-store';

export function UpdateBanner() {
  const status = useUpdates((s) => s.status);
  if (!status?.mustUpdate) return null;
  const install = () => call(complyflow().updates.installNow({})).then(useUpdates.getState().set, showError);
  return (
    <p className="sync-banner update-banner" role="alert" data-testid="update-banner">
      {status.mustUpdateMessage}
      {status.host === 'desktop' && status.phase === 'downloaded' && (
        <button type="button" className="button" onClick={() => void install()}>
          Install now
        </button>
      )}
    </p>
  );
}
