import type { ApiHandlers } from '../../../src-shared/api';
import { schemaVersion } from '../db/migrate';
import type { CoreDeps } from '../deps';
import { createAppearanceStore } from './appearance';
import type { ProfileStore } from './profile';

export function appHandlers({ db, orgId, dataDir, appVersion }: CoreDeps, profile: ProfileStore): ApiHandlers['app'] {
  const appearance = createAppearanceStore(db);
  return {
    workspace: () => ({
      kind: 'local',
      orgId,
      name: 'Local workspace',
      dataDir,
      appVersion,
      schemaVersion: schemaVersion(db),
    }),
    profile: () => profile.current(),
    updateProfile: ({ displayName }) => profile.update(displayName),
    appearance: () => appearance.current(),
    setAppearance: ({ theme }) => appearance.update(theme),
  };
}
