import type { ApiHandlers } from '../../../src-shared/api';
import type { CoreDeps } from '../deps';
import { assignmentScope } from '../audits/assignments';
import { createSearchService } from './search-service';

export function searchHandlers(deps: CoreDeps): ApiHandlers['search'] {
  const search = createSearchService(deps);
  return {
    all: (input, ctx) => search.all(input, assignmentScope(deps, ctx.actor)),
  };
}
