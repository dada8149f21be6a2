import type { ApiHandlers } from '../../../src-shared/api';
import type { CoreDeps } from '../deps';

export function frameworksHandlers(_deps: CoreDeps): ApiHandlers['frameworks'] {
  return {};
}
