import type { ApiHandlers } from '../../../src-shared/api';
import { ProfileUpdateInput } from '../../../src-shared/api/app';
import type { WorkspaceRole } from '../../../src-shared/domain/permissions';
import type { AppSettingsStore } from '../auth/app-settings';
import type { SessionService } from '../auth/session-service';
import type { Db } from '../db/database';
import { schemaVersion } from '../db/migrate';
import type { ActiveWorkspace } from '../workspaces/active-workspace';
import { perDatabase } from '../sync/per-database';
import { createAppearanceStore } from './appearance';
import type { ProfileStore } from './profile';

const appearanceOf = perDatabase((db: Db) => createAppearanceStore(db));

interface AppDeps {
  workspace: ActiveWorkspace;
  session: SessionService;
  settings: AppSettingsStore;
  roleHere: () => WorkspaceRole;
  profile: () => ProfileStore;
}

/**
 * The workspace in use and the user's name in it. In the local workspace the name is kept in the
 * replica; in an organization it is the user's profile name there (`set_my_display_name`), which
 * is what other members see.
 */
export const appHandlers = ({ workspace, session, settings, roleHere, profile }: AppDeps): ApiHandlers['app'] => {
  const membership = () => settings.read().memberships.find((m) => m.orgId === workspace.orgId);
  return {
    workspace: () => {
      const { deps } = workspace.get();
      return {
        kind: workspace.isLocal ? 'local' : 'supabase',
        orgId: deps.orgId,
        name: workspace.isLocal ? 'Local workspace' : (membership()?.orgName ?? 'Organization'),
        dataDir: deps.dataDir,
        appVersion: deps.appVersion,
        schemaVersion: schemaVersion(deps.db),
        role: roleHere(),
      };
    },
    profile: () => (workspace.isLocal ? profile().current() : { displayName: membership()?.displayName ?? null }),
    updateProfile: async ({ displayName }) => {
      if (workspace.isLocal) return profile().update(displayName);
      const name = ProfileUpdateInput.parse({ displayName }).displayName;
      await session.rpc('set_my_display_name', { p_org_id: workspace.orgId, p_display_name: name });
      await session.refreshMemberships();
      return { displayName: membership()?.displayName ?? name };
    },
    fileActions: () => ({ native: workspace.get().deps.desktop !== undefined }),
    // Kept in the open workspace's local settings (see the closing note: one per workspace for now).
    appearance: () => appearanceOf(workspace.get().deps.db, 'appearance').current(),
    setAppearance: ({ theme }) => appearanceOf(workspace.get().deps.db, 'appearance').update(theme),
  };
};
