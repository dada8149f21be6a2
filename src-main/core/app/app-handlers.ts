import type { ApiHandlers } from '../../../src-shared/api';
import { schemaVersion } from '../db/migrate';
import type { CoreDeps } from '../deps';
import type { ProfileStore } from './profile';

export const appHandlers = (
  { db, orgId, dataDir, appVersion, desktop }: CoreDeps,
  profile: ProfileStore,
): ApiHandlers['app'] => ({
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
  fileActions: () => ({ native: desktop !== undefined }),
});
