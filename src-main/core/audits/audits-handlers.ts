import type { ApiHandlers } from '../../../src-shared/api';
import type { CoreDeps } from '../deps';

export function auditsHandlers(_deps: CoreDeps): ApiHandlers['audits'] {
  return {};
}
