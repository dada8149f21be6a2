import type { ApiHandlers } from '../../../src-shared/api';
import type { CoreDeps } from '../deps';

export function exportsHandlers(_deps: CoreDeps): ApiHandlers['exports'] {
  return {};
}
