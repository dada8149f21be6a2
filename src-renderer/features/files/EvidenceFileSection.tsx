/**
 * The evidence detail's file section: where the file is ("Not on this computer · 38 MB ·
 * Download"), the download's progress in a slot that keeps its height (nothing below moves as
 * it starts and ends), a damaged server copy as an alert that says what happens next, Open and
 * Save a copy once the file is here, and "Keep offline". In the local workspace every file is
 * here and nothing travels: only the file buttons are shown.
 */
import { Download, Play } from 'lucide-react';
import { useId } from 'react';
import type { Evidence } from '../../../src-shared/domain/evidence';
import { useSession } from '../../app/session-store';
import { showError } from '../../app/toast-store';
import { useInFlight } from '../../components/use-in-flight';
import { FileButtons } from '../evidence/FileButtons';
import { availabilityText, bytesProgressText, DAMAGED_TEXT, KEEP_OFFLINE_HINT, transferStateText } from './file-words';
import type { FileStatusView } from './use-file-status';
import { useTransfers } from './transfers-store';
import './files.css';

export function EvidenceFileSection({ evidence, file }: { evidence: Evidence; file: FileStatusView }) {
  // Until the workspace is known, and in the local workspace, files do not travel: just the buttons.
  const local = useSession((s) => s.workspace?.kind !== 'supabase');
  const [busy, run] = useInFlight();
  const hintId = useId();
  const { status, download } = file;

  if (local || (!status && file.error)) {
    return (
      <section aria-label="Original file" className="file-section">
        <FileButtons id={evidence.id} fileName={evidence.fileName} />
      </section>
    );
  }

  const where = status?.availability;
  const act = (task: () => Promise<void>) =>
    run(async () => {
      try {
        await task();
      } catch (e) {
        showError(e);
      }
    });
  const stalled = download && (download.state === 'paused' || download.state === 'failed');

  return (
    <section aria-label="Original file" className="file-section">
      <div className="file-availability" data-testid="file-availability" data-where={where ?? 'loading'}>
        <span data-testid="file-where">
          {status ? availabilityText(status.availability, status.sizeBytes) : 'Looking for the file…'}
        </span>
        {where === 'remote' && (
          <>
            <span aria-hidden> · </span>
            <button
              type="button"
              className="primary"
              disabled={busy}
              aria-label={`Download ${evidence.fileName}`}
              onClick={() => void act(file.startDownload)}
            >
              <Download aria-hidden size={16} /> Download
            </button>
          </>
        )}
      </div>
      <div className="file-progress-slot">
        {where === 'downloading' && (
          <>
            <progress
              className="file-progress"
              aria-label={`Download of ${evidence.fileName}`}
              max={Math.max(download?.bytesTotal ?? status!.sizeBytes, 1)}
              value={download?.bytesDone ?? 0}
            />
            <span className="file-progress-text" role="status" data-testid="file-progress">
              {download
                ? `${transferStateText(download.state, 'download')}: ${bytesProgressText(download.bytesDone, download.bytesTotal)}`
                : 'Waiting to download'}
            </span>
            {stalled && (
              <button type="button" disabled={busy} onClick={() => void act(() => useTransfers.getState().resume(download.id))}>
                <Play aria-hidden size={16} /> {download.state === 'paused' ? 'Resume' : 'Try again'}
              </button>
            )}
          </>
        )}
        {download?.lastError && download.state !== 'done' && (where === 'downloading' || where === 'remote') && (
          <p className="error-text file-last-error" data-testid="file-last-error">
            {where === 'remote' ? 'The last download failed: ' : ''}
            {download.lastError}
          </p>
        )}
      </div>
      {where === 'damaged' && (
        <div role="alert" className="file-damaged" data-testid="file-damaged">
          <strong>This file cannot be downloaded yet.</strong> {DAMAGED_TEXT}
        </div>
      )}
      {where === 'local' && <FileButtons id={evidence.id} fileName={evidence.fileName} />}
      {status && (
        <div className="file-keep">
          <label className="file-keep-toggle">
            <input
              type="checkbox"
              role="switch"
              checked={status.pinned}
              disabled={busy}
              aria-describedby={hintId}
              onChange={(e) => {
                const pinned = e.target.checked;
                void act(() => file.setPinned(pinned));
              }}
            />
            Keep offline
          </label>
          <span id={hintId} className="muted">
            {status.uploadPending ? 'Waiting to upload: kept on this computer until the server has it. ' : ''}
            {KEEP_OFFLINE_HINT}
          </span>
        </div>
      )}
    </section>
  );
}
