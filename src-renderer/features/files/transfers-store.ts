/**
 * Uploads and downloads as the core reports them, for the Sync panel and the evidence and
 * audit views: asked once when the window starts (and after a reconnect, since events sent
 * meanwhile never arrived), then kept current by `files.progress`. Pause and resume answer the
 * transfer as it now stands, which replaces the shown one at once.
 */
import { create } from 'zustand';
import type { Transfer } from '../../../src-shared/domain/transfers';
import { call, complyflow } from '../../api/complyflow';
import { useConnection } from '../../api/connection-state';
import { mergeTransferPage, upsertTransfer } from './transfer-list';

interface TransfersStore {
  items: Transfer[];
  /** How many unfinished transfers the core has (the list holds up to 100 of them). */
  total: number;
  loaded: boolean;
  error: string | null;
  load(): Promise<void>;
  apply(transfer: Transfer): void;
  pause(transferId: string): Promise<void>;
  resume(transferId: string): Promise<void>;
}

export const useTransfers = create<TransfersStore>((set, get) => ({
  items: [],
  total: 0,
  loaded: false,
  error: null,
  async load() {
    const askedAt = new Date().toISOString();
    try {
      const page = await call(complyflow().files.transfers({ filter: 'active', limit: 100 }));
      set({ items: mergeTransferPage(get().items, page.items, askedAt), total: page.total, loaded: true, error: null });
    } catch (error) {
      set({ error: (error as Error).message, loaded: true });
    }
  },
  apply: (transfer) => set({ items: upsertTransfer(get().items, transfer) }),
  async pause(transferId) {
    get().apply(await call(complyflow().files.pause({ transferId })));
  },
  async resume(transferId) {
    get().apply(await call(complyflow().files.resume({ transferId })));
  },
}));

let started = false;
/** Starts following transfers (once per window). */
export function startTransfers(): void {
  if (started) return;
  started = true;
  void useTransfers.getState().load();
  complyflow().events.on('files.progress', (transfer) => useTransfers.getState().apply(transfer));
  useConnection.subscribe((now, before) => {
    if (now.state === 'connected' && before.state !== 'connected') void useTransfers.getState().load();
  });
}
