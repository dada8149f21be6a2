/**
 * The sync namespace before the engine exists: every workspace answers as local-only, nothing
 * waits and nothing can be resolved. The sync engine (issue 8) replaces these answers.
 */
import type { ApiHandlers } from '../../../src-shared/api';
import type { SyncStatus } from '../../../src-shared/api/sync';
import { AppError, ErrorCode } from '../../../src-shared/errors';
import type { CoreDeps } from '../deps';
import { pendingCount } from './changes';

export function syncHandlers(deps: CoreDeps): ApiHandlers['sync'] {
  const status = (): SyncStatus => ({
    state: 'local-only',
    pending: pendingCount(deps.db),
    attention: 0,
    stalled: 0,
    conflicts: 0,
    lastSyncedAt: null,
    progress: null,
    message: null,
    live: false,
  });
  let keepRunningInTray = false;
  return {
    status,
    outbox: () => ({ items: [], total: 0 }),
    retryNow: status,
    discard: () => ({ discarded: false }),
    exportRejected: () => ({ path: '', count: 0 }),
    conflicts: () => [],
    resolveConflict: () => {
      throw new AppError(ErrorCode.NotFound, 'There is no such conflict in this workspace.');
    },
    preferences: () => ({ keepRunningInTray }),
    setPreferences: (input) => {
      keepRunningInTray = input.keepRunningInTray ?? keepRunningInTray;
      return { keepRunningInTray };
    },
  };
}
