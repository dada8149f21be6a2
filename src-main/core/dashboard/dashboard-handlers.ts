import type { ApiHandlers } from '../../../src-shared/api';
import type { CoreDeps } from '../deps';

export function dashboardHandlers(_deps: CoreDeps): ApiHandlers['dashboard'] {
  return {};
}
