import type { ApiHandlers } from '../../../src-shared/api';
import type { CoreDeps } from '../deps';

export function searchHandlers(_deps: CoreDeps): ApiHandlers['search'] {
  return {};
}
