/** The aiGap namespace: gap analysis of a policy against a framework, through the edge function. */
import type { ApiHandlers } from '../../../../src-shared/api';
import type { CoreDeps } from '../../deps';
import { analyseGaps } from './gap-client';

export function aiGapHandlers(deps: CoreDeps): ApiHandlers['aiGap'] {
  return {
    analyse: (input) => analyseGaps(deps.functions, input),
  };
}
