/**
 * "Make this audit available offline…" before a field trip: counts the audit's evidence files
 * first and shows the total (files, size, still to download) in a confirm dialog; on confirm
 * every file is kept offline and the missing ones download, with the audit's progress shown
 * next to the button (asked again as each of its downloads ends). Nothing travels in the local
 * workspace, so the button is not offered there.
 */
import { CloudDownload } from 'lucide-react';
import { useEffect, useState } from 'react';
import type { AuditOfflineSize } from '../../../src-shared/domain/transfers';
import { call, complyflow } from '../../api/complyflow';
import { useSession } from '../../app/session-store';
import { showError } from '../../app/toast-store';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { useInFlight } from '../../components/use-in-flight';
import { offlineProgressText, offlineSummaryText } from './file-words';
import { useTransfers } from './transfers-store';
import './files.css';

export function AuditOfflineButton({ auditId, auditTitle }: { auditId: string; auditTitle: string }) {
  const synced = useSession((s) => s.workspace?.kind === 'supabase');
  const [busy, run] = useInFlight();
  const [asking, setAsking] = useState<AuditOfflineSize | null>(null);
  /** Set once pinned: the bytes there were to download, and what is still missing now. */
  const [going, setGoing] = useState<{ total: number; left: number } | null>(null);
  // Each download that ends (of this audit or not) is a moment to ask what is still missing.
  const ended = useTransfers(
    (s) => s.items.filter((t) => t.direction === 'download' && t.state !== 'running' && t.state !== 'queued').length,
  );
  const waiting = going !== null && going.left > 0;

  useEffect(() => {
    if (!waiting) return;
    let live = true;
    call(complyflow().files.auditOfflineSize({ auditId })).then(
      (size) => live && setGoing((g) => g && { ...g, left: size.bytesToDownload }),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [ended, waiting, auditId]);

  if (!synced) return null;

  const ask = () =>
    run(async () => {
      try {
        setAsking(await call(complyflow().files.auditOfflineSize({ auditId })));
      } catch (e) {
        showError(e);
      }
    });
  const confirm = (size: AuditOfflineSize) =>
    run(async () => {
      try {
        await call(complyflow().files.pinAudit({ auditId }));
        setAsking(null);
        setGoing({ total: size.bytesToDownload, left: size.bytesToDownload });
        void useTransfers.getState().load();
      } catch (e) {
        showError(e);
      }
    });

  return (
    <div className="audit-offline">
      <button type="button" disabled={busy} onClick={() => void ask()}>
        <CloudDownload aria-hidden size={16} /> {busy && !asking ? 'Counting files…' : 'Make this audit available offline…'}
      </button>
      {going && (
        <>
          {going.left > 0 && (
            <progress
              aria-label="Downloading the audit's files"
              max={Math.max(going.total, 1)}
              value={going.total - going.left}
            />
          )}
          <span role="status" data-testid="audit-offline-progress">
            {offlineProgressText(going.total - going.left, going.total)}
          </span>
        </>
      )}
      {asking && (
        <ConfirmDialog
          title={`Make “${auditTitle}” available offline?`}
          confirmLabel={asking.bytesToDownload > 0 ? 'Keep offline and download' : 'Keep offline'}
          canConfirm={asking.files > 0}
          busy={busy}
          onConfirm={() => void confirm(asking)}
          onCancel={() => setAsking(null)}
        >
          <p data-testid="audit-offline-summary">{offlineSummaryText(asking)}</p>
          <p>
            The files stay on this computer for work without a network, and are never removed to make room. You can turn this off
            per file with “Keep offline” on each evidence item.
          </p>
        </ConfirmDialog>
      )}
    </div>
  );
}
