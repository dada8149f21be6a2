/**
 * The workspace in use (local or an organization, with the user's role there) and the account
 * state, loaded once and kept current by the core's events. When another workspace opens, the
 * window reloads, so nothing of the previous organization stays in any list or store.
 */
import { create } from 'zustand';
import type { WorkspaceInfo } from '../../src-shared/api/app';
import type { AccountStatus } from '../../src-shared/domain/account';
import { can, type Permission } from '../../src-shared/domain/permissions';
import { call, complyflow } from '../api/complyflow';
import { useConnection } from '../api/connection-state';

interface SessionState {
  workspace: WorkspaceInfo | null;
  account: AccountStatus | null;
  error: string | null;
  load(): Promise<void>;
  setAccount(account: AccountStatus): void;
}

export const useSession = create<SessionState>((set) => ({
  workspace: null,
  account: null,
  error: null,
  async load() {
    try {
      const [workspace, account] = await Promise.all([
        call(complyflow().app.workspace({})),
        call(complyflow().account.status({})),
      ]);
      set({ workspace, account, error: null });
    } catch (error) {
      set({ error: (error as Error).message });
    }
  },
  setAccount: (account) => set({ account }),
}));

let subscribed = false;
/** Starts listening to the core (once per window). */
export function startSession(): void {
  if (subscribed) return;
  subscribed = true;
  void useSession.getState().load();
  complyflow().events.on('account.state', (account) => useSession.getState().setAccount(account));
  complyflow().events.on('workspace.changed', () => window.location.reload());
  // Events sent while the host was restarting never arrived: ask again once reconnected.
  useConnection.subscribe((now, before) => {
    if (now.state === 'connected' && before.state !== 'connected') void useSession.getState().load();
  });
}

/** Whether the user's role here allows it: controls the server would refuse are not offered. */
export function useCan(permission: Permission): boolean {
  const role = useSession((s) => s.workspace?.role);
  return role !== undefined && can(role, permission);
}
