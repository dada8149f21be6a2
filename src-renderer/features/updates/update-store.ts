/**
 * Updates as the core reports them, for Settings → Updates and the minimum-version banner:
 * asked once when the window starts (and after a reconnect), then kept current by the core's
 * `updates.state` event.
 */
import { create } from 'zustand';
import type { UpdateStatus } from '../../../src-shared/api/updates';
import { call, complyflow } from '../../api/complyflow';
import { useConnection } from '../../api/connection-state';

interface UpdateStore {
  status: UpdateStatus | null;
  load(): Promise<void>;
  set(status: UpdateStatus): void;
}

export const useUpdates = create<UpdateStore>((set) => ({
  status: null,
  async load() {
    try {
      set({ status: await call(complyflow().updates.status({})) });
    } catch {
      // The status bar says when the core cannot be reached.
    }
  },
  set: (status) => set({ status }),
}));

let started = false;
export function startUpdates(): void {
  if (started) return;
  started = true;
  void useUpdates.getState().load();
  complyflow().events.on('updates.state', (status) => useUpdates.getState().set(status));
  useConnection.subscribe((now, before) => {
    if (now.state === 'connected' && before.state !== 'connected') void useUpdates.getState().load();
  });
}
