/**
 * Every change made here that the server has not taken yet, a page at a time: what it is, since
 * when, how many attempts, the last error in words and its state. A refused change no longer
 * blocks anything but needs a person: Export writes it to a file (the path is shown), Discard
 * asks first and then drops it for good (the discard is in the trail). A stalled change (the
 * server has kept answering "may pass" for over 10 minutes, e.g. a reference it does not have)
 * can be exported and discarded the same way.
 */
import { useCallback, useEffect, useState } from 'react';
import type { OutboxItem, SyncStatus } from '../../../src-shared/api/sync';
import { call, complyflow } from '../../api/complyflow';
import { showError } from '../../app/toast-store';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { formatDateTime } from '../../components/dates';
import { useInFlight } from '../../components/use-in-flight';
import { plural } from '../../../src-shared/words';
import { useSync } from './sync-store';
import { changeText, needsPerson, reasonText, refusalText, STATE_LABEL } from './sync-words';

const PAGE = 50;
type Filter = 'all' | 'attention';

export function OutboxList({ status, onExported }: { status: SyncStatus | null; onExported(path: string, count: number): void }) {
  const [filter, setFilter] = useState<Filter>('all');
  const [offset, setOffset] = useState(0);
  const [page, setPage] = useState<{ items: OutboxItem[]; total: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [discarding, setDiscarding] = useState<OutboxItem | null>(null);
  const [busy, run] = useInFlight();

  const load = useCallback(async () => {
    try {
      setPage(await call(complyflow().sync.outbox({ state: filter, offset, limit: PAGE })));
      setError(null);
    } catch (e) {
      setError((e as Error).message);
    }
  }, [filter, offset]);

  // A round that ended or a change answered changes the list; progress ticks while syncing do not.
  const changed = status && `${status.state}:${status.pending}:${status.attention}:${status.stalled}:${status.lastSyncedAt}`;
  useEffect(() => void load(), [load, changed]);

  const discard = (item: OutboxItem) =>
    run(async () => {
      try {
        await call(complyflow().sync.discard({ mutationId: item.mutationId }));
        setDiscarding(null);
        await load();
        // The counts in the status bar drop now, not at the next round.
        void useSync.getState().load();
      } catch (e) {
        showError(e);
      }
    });

  const exportItems = (ids?: string[]) =>
    run(async () => {
      try {
        const file = await call(complyflow().sync.exportRejected(ids ? { mutationIds: ids } : {}));
        onExported(file.path, file.count);
      } catch (e) {
        showError(e);
      }
    });

  const items = page?.items ?? [];
  const total = page?.total ?? 0;
  return (
    <section aria-labelledby="outbox-title" className="outbox">
      <div className="outbox-head">
        <h2 id="outbox-title">Changes not yet synced</h2>
        <label>
          Show{' '}
          <select
            value={filter}
            onChange={(e) => {
              setFilter(e.target.value as Filter);
              setOffset(0);
            }}
          >
            <option value="all">All waiting and refused changes</option>
            <option value="attention">Refused and stalled changes only</option>
          </select>
        </label>
        {(status?.attention ?? 0) + (status?.stalled ?? 0) > 0 && (
          <button type="button" disabled={busy} onClick={() => void exportItems()}>
            Export all refused and stalled changes
          </button>
        )}
      </div>
      {error && (
        <p role="alert" className="error-text">
          Could not list the waiting changes: {error}
        </p>
      )}
      {page && total === 0 && (
        <p className="empty-state">
          {filter === 'attention'
            ? 'No change was refused or is stalled.'
            : 'Nothing is waiting: every change made here has been synced.'}
        </p>
      )}
      {items.length > 0 && (
        <table className="outbox-table" aria-label="Changes not yet synced">
          <thead>
            <tr>
              <th scope="col">Change</th>
              <th scope="col">Made</th>
              <th scope="col">Attempts</th>
              <th scope="col">State</th>
              <th scope="col">Last error</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((item) => (
              <tr key={item.mutationId} data-state={item.state}>
                <td className="outbox-change">{changeText(item)}</td>
                <td>
                  <time dateTime={item.since}>{formatDateTime(item.since)}</time>
                </td>
                <td>{item.attempts}</td>
                <td>
                  <span className={`sync-badge sync-badge-${item.state}`}>{STATE_LABEL[item.state]}</span>
                  {item.state === 'rejected' && item.reason && (
                    <div className="outbox-reason">Because {reasonText(item.reason)}</div>
                  )}
                  {item.state === 'stalled' && <div className="outbox-reason">{refusalText(item)}</div>}
                  {item.state !== 'rejected' && item.nextAttemptAt && (
                    <div className="muted">Next try {formatDateTime(item.nextAttemptAt)}</div>
                  )}
                </td>
                <td className="outbox-error">{item.lastError ?? '—'}</td>
                <td className="outbox-actions">
                  {needsPerson(item) && (
                    <>
                      <button
                        type="button"
                        disabled={busy}
                        aria-label={`Export ${changeText(item)}`}
                        onClick={() => void exportItems([item.mutationId])}
                      >
                        Export
                      </button>
                      <button
                        type="button"
                        className="danger"
                        disabled={busy}
                        aria-label={`Discard ${changeText(item)}`}
                        onClick={() => setDiscarding(item)}
                      >
                        Discard
                      </button>
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {total > PAGE && (
        <nav className="pager" aria-label="Pages of waiting changes">
          <button type="button" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>
            Previous
          </button>
          <span>
            {offset + 1}–{Math.min(offset + PAGE, total)} of {plural(total, 'change')}
          </span>
          <button type="button" disabled={offset + PAGE >= total} onClick={() => setOffset(offset + PAGE)}>
            Next
          </button>
        </nav>
      )}
      {discarding && (
        <ConfirmDialog
          title={discarding.state === 'stalled' ? 'Discard this stalled change?' : 'Discard this refused change?'}
          confirmLabel="Discard change"
          danger
          busy={busy}
          onConfirm={() => void discard(discarding)}
          onCancel={() => setDiscarding(null)}
        >
          <p>{changeText(discarding)}</p>
          <p>
            {refusalText(discarding)} Discarding drops it from this computer for good; the organization keeps its own version of
            the record. Export it first to keep a copy.
          </p>
        </ConfirmDialog>
      )}
    </section>
  );
}
