/**
 * Settings → Sync: where sync stands (with the way to the sync panel) and whether closing the
 * last window keeps ComplyFlow running in the tray / menu bar while changes wait to be sent.
 */
import { useEffect, useState } from 'react';
import { call, complyflow } from '../../api/complyflow';
import { useRouter } from '../../app/router-store';
import { showError } from '../../app/toast-store';
import { useSync } from './sync-store';
import { attentionText, pendingText } from './sync-words';

export function SyncSettings() {
  const status = useSync((s) => s.status);
  const [keep, setKeep] = useState<boolean | null>(null);
  useEffect(() => {
    call(complyflow().sync.preferences({})).then((p) => setKeep(p.keepRunningInTray), showError);
  }, []);

  const change = async (next: boolean) => {
    setKeep(next);
    try {
      setKeep((await call(complyflow().sync.setPreferences({ keepRunningInTray: next }))).keepRunningInTray);
    } catch (error) {
      setKeep(!next);
      showError(error);
    }
  };

  const waiting = status ? [pendingText(status), attentionText(status)].filter(Boolean).join(', ') : '';
  return (
    <>
      <p className="settings-hint">
        {status?.state === 'local-only'
          ? 'This is the local workspace: nothing syncs.'
          : waiting
            ? `${waiting}.`
            : 'Every change made here has been synced.'}{' '}
        <button type="button" className="link-button" onClick={() => useRouter.getState().go('sync')}>
          Open the sync panel
        </button>
      </p>
      <label className="checkbox">
        <input type="checkbox" checked={keep ?? false} disabled={keep === null} onChange={(e) => void change(e.target.checked)} />
        Keep running in the tray while changes wait
      </label>
      <span className="settings-hint">
        Closing the last window then leaves ComplyFlow in the tray (menu bar on a Mac) until every change is sent; it quits by
        itself when nothing waits.
      </span>
    </>
  );
}
