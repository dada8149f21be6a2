/**
 * The sync panel (#/sync, from the status bar and Settings): where sync stands, Retry now
 * (sends and pulls at once, ignoring backoff), open conflicts, every change still waiting, and
 * the evidence files uploading or downloading.
 */
import { RefreshCw } from 'lucide-react';
import { useState } from 'react';
import { call, complyflow } from '../../api/complyflow';
import { showError } from '../../app/toast-store';
import { PageHeader } from '../../components/PageHeader';
import { useInFlight } from '../../components/use-in-flight';
import { plural } from '../../../src-shared/words';
import { TransfersSection } from '../files/TransfersSection';
import { ConflictList } from './ConflictList';
import { OutboxList } from './OutboxList';
import { useSync } from './sync-store';
import { attentionText, pendingText, stateText } from './sync-words';
import { useNow } from './use-now';
import './sync.css';

export function SyncPage() {
  const status = useSync((s) => s.status);
  const now = useNow();
  const [retrying, run] = useInFlight();
  const [exported, setExported] = useState<{ path: string; count: number } | null>(null);
  const local = status?.state === 'local-only';

  const retry = () =>
    run(async () => {
      try {
        useSync.getState().set(await call(complyflow().sync.retryNow({})));
      } catch (e) {
        showError(e);
      }
    });

  const summary = status
    ? [
        stateText(status, now) ?? (status.state === 'offline' ? 'Offline: changes are kept on this computer' : 'Online'),
        pendingText(status) ?? 'nothing waiting',
        attentionText(status),
      ]
        .filter(Boolean)
        .join(' · ')
    : 'Loading…';

  return (
    <section className="sync-page" aria-labelledby="sync-title">
      <PageHeader title="Sync">
        {!local && (
          <button type="button" className="primary" disabled={retrying || !status} onClick={() => void retry()}>
            <RefreshCw aria-hidden size={16} /> {retrying ? 'Syncing…' : 'Retry now'}
          </button>
        )}
      </PageHeader>
      <p className="sync-summary" data-testid="sync-summary" aria-live="off">
        {summary}
      </p>
      {status?.state === 'syncing' && status.progress?.total ? (
        <progress
          className="sync-progress"
          aria-label="Sync progress"
          data-testid="sync-progress"
          max={status.progress.total}
          value={Math.min(status.progress.done, status.progress.total)}
        />
      ) : null}
      {status?.state === 'offline' && status.message && <p className="muted">{status.message}</p>}
      {local ? (
        <p className="empty-state">This is the local workspace: everything is saved on this computer and nothing syncs.</p>
      ) : (
        <>
          {exported && (
            <p role="status" className="sync-exported">
              Exported {plural(exported.count, 'refused change')} to <code>{exported.path}</code>
            </p>
          )}
          <ConflictList status={status} />
          <OutboxList status={status} onExported={(path, count) => setExported({ path, count })} />
          <TransfersSection />
        </>
      )}
    </section>
  );
}
