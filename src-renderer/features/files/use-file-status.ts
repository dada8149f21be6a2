/**
 * Where one evidence record's file is (local, remote, downloading, damaged; kept offline or
 * not), kept current while the record is open: a download of its SHA-256 that moves on, ends
 * or finds the server's copy damaged changes what is shown without a reload. Download and
 * "Keep offline" answer the new state, which is shown at once.
 */
import { useCallback, useEffect, useState } from 'react';
import type { FileStatus, Transfer } from '../../../src-shared/domain/transfers';
import { call, complyflow } from '../../api/complyflow';
import { downloadOf } from './transfer-list';
import { useTransfers } from './transfers-store';

export interface FileStatusView {
  status: FileStatus | null;
  /** The file's download, while one is known (its bytes for the progress bar). */
  download: Transfer | undefined;
  error: string | null;
  startDownload(): Promise<void>;
  setPinned(pinned: boolean): Promise<void>;
}

export function useFileStatus(evidenceId: string, sha256: string): FileStatusView {
  const [status, setStatus] = useState<FileStatus | null>(null);
  const [error, setError] = useState<string | null>(null);
  const download = useTransfers((s) => downloadOf(s.items, sha256));

  const load = useCallback(async () => {
    try {
      const { items } = await call(complyflow().files.status({ evidenceIds: [evidenceId] }));
      const mine = items.find((i) => i.evidenceId === evidenceId);
      if (!mine) throw new Error('This evidence item is no longer here.');
      setStatus(mine);
      setError(null);
    } catch (e) {
      setError((e as Error).message);
    }
  }, [evidenceId]);

  useEffect(() => {
    setStatus(null);
    void load();
  }, [load, sha256]);

  // A download that ended (verified, damaged, or given up) changes where the file is: ask again.
  const ended = download && (download.state === 'done' || download.state === 'damaged' || download.state === 'failed');
  const downloadKey = download ? `${download.id}:${download.state}` : '';
  useEffect(() => {
    if (ended) void load();
  }, [ended, downloadKey, load]);

  const startDownload = useCallback(async () => {
    const transfer = await call(complyflow().files.download({ evidenceId }));
    useTransfers.getState().apply(transfer);
    setStatus((s) => (s && transfer.state !== 'done' ? { ...s, availability: 'downloading' } : s));
    if (transfer.state === 'done') await load();
  }, [evidenceId, load]);

  // Shown at once (a switch that lags the click reads as broken), put back if the core refuses.
  const setPinned = useCallback(
    async (pinned: boolean) => {
      setStatus((s) => s && { ...s, pinned });
      try {
        setStatus(await call(complyflow().files.pin({ evidenceId, pinned })));
      } catch (e) {
        setStatus((s) => s && { ...s, pinned: !pinned });
        throw e;
      }
    },
    [evidenceId],
  );

  return { status, download, error, startDownload, setPinned };
}
