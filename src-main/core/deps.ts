import type { DesktopShell } from './files/desktop-shell';
/**
 * What every feature's handlers get from the core: the open replica, the workspace's org and
 * folders, a clock, and a way to tell windows that records changed. Feature folders build their
 * handlers from this and nothing else, so features do not reach into each other's state.
 */
import type { Membership } from '../../src-shared/domain/account';
import type { Db } from './db/database';
import type { EventSink } from './events';
import type { FunctionAccess } from './functions/create-function-caller';
import type { FunctionCaller } from './functions/function-caller';
import type { SyncHost } from './sync/engine';
import type { SyncPreferencesStore } from './sync/sync-handlers';
import type { Logger } from './router/router';
import type { WorkspacePaths } from './workspace';

export interface CoreDeps {
  db: Db;
  orgId: string;
  paths: WorkspacePaths;
  dataDir: string;
  appVersion: string;
  now: () => string;
  log: Logger;
  emit: EventSink;
  /** Announces changed records (after commit) so open lists refresh. */
  changed(table: string, ids: string[]): void;
  /** The desktop shell's file dialogs (Electron); absent in the browser host and the CLI. */
  desktop?: DesktopShell;
  /** The session as sync sees it: an organization workspace opened with it syncs in the background. */
  sync?: SyncHost & { preferences: SyncPreferencesStore };
  /** Signed calls to the organization's edge functions; absent in the local workspace. */
  functions?: FunctionCaller;
  /** The connected project and the session's token, for the core's own FunctionCaller (core.ts). */
  functionAccess?: () => Promise<FunctionAccess>;
  /**
   * The signed-in user's membership of an organization as the server last said (my_memberships,
   * kept in the settings file), null when unknown; absent where there is no session (the CLI).
   */
  membership?: (orgId: string) => Membership | null;
}
