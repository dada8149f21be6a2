import type { ApiHandlers } from '../../../src-shared/api';
import type { CoreDeps } from '../deps';

export function trailHandlers(_deps: CoreDeps): ApiHandlers['trail'] {
  return {};
}
