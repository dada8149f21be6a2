/**
 * The Sync panel's "Uploads and downloads": each evidence file on its way (title, direction,
 * size, a progress bar with the bytes in words, its state, the last error in words) with
 * Pause and Resume, or a sentence when nothing travels. Rows update from `files.progress`;
 * the buttons name the file they act on.
 */
import { Pause, Play } from 'lucide-react';
import type { Transfer } from '../../../src-shared/domain/transfers';
import { formatBytes } from '../../../src-shared/domain/evidence';
import { plural } from '../../../src-shared/words';
import { showError } from '../../app/toast-store';
import { formatDateTime } from '../../components/dates';
import { useInFlight } from '../../components/use-in-flight';
import { bytesProgressText, canPause, canResume, resumeLabel, transferStateText } from './file-words';
import { useTransfers } from './transfers-store';
import './files.css';

export function TransfersSection() {
  const { items, total, loaded, error } = useTransfers();
  const [busy, run] = useInFlight();
  const act = (task: () => Promise<void>) =>
    run(async () => {
      try {
        await task();
      } catch (e) {
        showError(e);
      }
    });
  const unfinished = items.filter((t) => t.state !== 'done').length;

  return (
    <section aria-labelledby="transfers-title" className="transfers">
      <div className="transfers-head">
        <h2 id="transfers-title">Uploads and downloads</h2>
        {total > items.length && (
          <span className="muted">
            Showing {items.length.toLocaleString('en-US')} of {plural(total, 'file')}
          </span>
        )}
      </div>
      {error && (
        <p role="alert" className="error-text">
          Could not list the uploads and downloads: {error}
        </p>
      )}
      {loaded && !error && items.length === 0 && (
        <p className="empty-state">No files are uploading or downloading: every evidence file is where it should be.</p>
      )}
      {items.length > 0 && (
        <>
          <p className="visually-hidden" aria-live="polite">
            {unfinished === 0 ? 'Every transfer has finished.' : `${plural(unfinished, 'file')} on the way.`}
          </p>
          <table className="transfers-table" aria-label="Uploads and downloads">
            <thead>
              <tr>
                <th scope="col">File</th>
                <th scope="col">Size</th>
                <th scope="col">Progress</th>
                <th scope="col">State</th>
                <th scope="col">Last error</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((t) => (
                <TransferRow key={t.id} transfer={t} busy={busy} act={act} />
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}

function TransferRow({ transfer: t, busy, act }: { transfer: Transfer; busy: boolean; act(task: () => Promise<void>): void }) {
  const what = `${t.direction === 'upload' ? 'upload' : 'download'} of “${t.title}”`;
  return (
    <tr data-state={t.state} data-direction={t.direction}>
      <td className="transfer-title">
        {t.title}
        <div className="muted">{t.direction === 'upload' ? 'Upload' : 'Download'}</div>
      </td>
      <td>{formatBytes(t.bytesTotal)}</td>
      <td>
        <div className="transfer-progress">
          <progress
            aria-label={`Progress of the ${what}`}
            max={Math.max(t.bytesTotal, 1)}
            value={Math.min(t.bytesDone, t.bytesTotal)}
          />
          <span>{bytesProgressText(t.bytesDone, t.bytesTotal)}</span>
        </div>
      </td>
      <td className={`transfer-state-${t.state}`}>
        {transferStateText(t.state, t.direction)}
        {t.state === 'failed' && t.nextAttemptAt && <div className="muted">Next try {formatDateTime(t.nextAttemptAt)}</div>}
        {t.state === 'damaged' && (
          <div className="muted">Repaired when a computer holding the original file uploads it again.</div>
        )}
      </td>
      <td className="transfer-error">{t.lastError ?? '—'}</td>
      <td className="transfer-actions">
        {canPause(t.state) && (
          <button
            type="button"
            disabled={busy}
            aria-label={`Pause the ${what}`}
            onClick={() => act(() => useTransfers.getState().pause(t.id))}
          >
            <Pause aria-hidden size={16} /> Pause
          </button>
        )}
        {canResume(t.state) && (
          <button
            type="button"
            disabled={busy}
            aria-label={t.state === 'failed' ? `Retry the ${what} now` : `Resume the ${what}`}
            onClick={() => act(() => useTransfers.getState().resume(t.id))}
          >
            <Play aria-hidden size={16} /> {resumeLabel(t.state)}
          </button>
        )}
      </td>
    </tr>
  );
}
