import type { ApiHandlers } from '../../../src-shared/api';
import type { CoreDeps } from '../deps';

export function controlsHandlers(_deps: CoreDeps): ApiHandlers['controls'] {
  return {};
}
