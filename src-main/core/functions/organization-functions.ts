/**
 * The FunctionCaller an organization workspace gets in its deps: the session's project and
 * token, this computer's device key in the org, and a revoked device pausing that workspace's sync.
 */
import { AppError, ErrorCode } from '../../../src-shared/errors';
import type { CoreDeps } from '../deps';
import { orgRequestSigner } from '../devices/request-signer';
import { createFunctionCaller } from './create-function-caller';
import type { FunctionCaller } from './function-caller';

export function organizationFunctions(
  opened: CoreDeps,
  base: Pick<CoreDeps, 'sync' | 'functionAccess' | 'appVersion'>,
  onRevoked: () => void,
): FunctionCaller | undefined {
  const { sync, functionAccess } = base;
  if (!sync || !functionAccess) return undefined;
  return createFunctionCaller({
    access: functionAccess,
    signer: () => {
      const userId = sync.session().userId;
      if (!userId) throw new AppError(ErrorCode.Unauthenticated, 'Sign in first.');
      return orgRequestSigner(opened.db, sync, opened.orgId, userId);
    },
    appVersion: base.appVersion,
    onRevoked,
  });
}
