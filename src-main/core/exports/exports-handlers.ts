import type { ApiHandlers } from '../../../src-shared/api';
import type { CoreDeps } from '../deps';
import { writeAuditPackage } from './package-writer';

export function exportsHandlers(deps: CoreDeps): ApiHandlers['exports'] {
  return {
    // Always into <dataDir>/exports with a name made from the audit's title: the renderer never
    // chooses a path.
    auditPackage: ({ auditId }) => writeAuditPackage(deps, { auditId }),
  };
}
