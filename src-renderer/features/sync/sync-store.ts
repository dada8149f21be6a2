/**
 * Sync as the core reports it, for the status bar, the banners and the sync panel: asked once
 * when the window starts (and again after a reconnect, since events sent meanwhile never
 * arrived), then kept current by the core's `sync.state` event.
 */
import { create } from 'zustand';
import type { SyncStatus } from '../../../src-shared/api/sync';
import { call, complyflow } from '../../api/complyflow';
import { useConnection } from '../../api/connection-state';

interface SyncStore {
  status: SyncStatus | null;
  load(): Promise<void>;
  set(status: SyncStatus): void;
}

export const useSync = create<SyncStore>((set) => ({
  status: null,
  async load() {
    try {
      set({ status: await call(complyflow().sync.status({})) });
    } catch {
      // The status bar says when the core cannot be reached; sync has nothing to add then.
    }
  },
  set: (status) => set({ status }),
}));

let started = false;
/** Starts following sync (once per window). */
export function startSync(): void {
  if (started) return;
  started = true;
  void useSync.getState().load();
  complyflow().events.on('sync.state', (status) => useSync.getState().set(status));
  useConnection.subscribe((now, before) => {
    if (now.state === 'connected' && before.state !== 'connected') void useSync.getState().load();
  });
}
