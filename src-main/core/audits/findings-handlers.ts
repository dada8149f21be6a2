import type { ApiHandlers } from '../../../src-shared/api';
import type { CoreDeps } from '../deps';

export function findingsHandlers(_deps: CoreDeps): ApiHandlers['findings'] {
  return {};
}
