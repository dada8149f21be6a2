/**
 * The policy list as the user filters it: status, search text, and pages loaded on demand as
 * the list scrolls, so 5,000 policies never load at once.
 */
import type { PolicyStatus, PolicySummary } from '../../../src-shared/domain/policy';
import { call, complyflow } from '../../api/complyflow';
import { createPagedListStore } from '../../components/paged-list-store';

const PAGE = 100;

interface PolicyFilter {
  status: PolicyStatus | '';
  query: string;
  /** Only policies whose review date has passed. */
  overdue: boolean;
}

export const usePolicies = createPagedListStore<PolicySummary, PolicyFilter>({
  filter: { status: '', query: '', overdue: false },
  pageSize: PAGE,
  fetchPage: ({ status, query, overdue }, offset, limit) =>
    call(
      complyflow().policies.list({
        status: status || undefined,
        overdue: overdue || undefined,
        query: query.trim() || undefined,
        offset,
        limit,
      }),
    ),
});
