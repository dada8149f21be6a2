import type { ApiHandlers } from '../../../src-shared/api';
import { schemaVersion } from '../db/migrate';
import type { CoreDeps } from '../deps';

export const appHandlers = ({ db, orgId, dataDir, appVersion }: CoreDeps): ApiHandlers['app'] => ({
  workspace: () => ({
    kind: 'local',
    orgId,
    name: 'Local workspace',
    dataDir,
    appVersion,
    schemaVersion: schemaVersion(db),
  }),
});
