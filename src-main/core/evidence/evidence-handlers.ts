import type { ApiHandlers } from '../../../src-shared/api';
import type { CoreDeps } from '../deps';

export function evidenceHandlers(_deps: CoreDeps): ApiHandlers['evidence'] {
  return {};
}
