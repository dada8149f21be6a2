/**
 * The evidence list as the user filters it (search text, expired or current), loaded in
 * pages at the offset being shown, so 100,000 items never load at once.
 */
import type { Evidence } from '../../../src-shared/domain/evidence';
import { call, complyflow } from '../../api/complyflow';
import { createPagedListStore } from '../../components/paged-list-store';

const PAGE = 100;
export type ExpiryFilter = '' | 'expired' | 'current';

interface EvidenceFilter {
  query: string;
  expiry: ExpiryFilter;
}

export const useEvidence = createPagedListStore<Evidence, EvidenceFilter>({
  filter: { query: '', expiry: '' },
  pageSize: PAGE,
  fetchPage: ({ query, expiry }, offset, limit) =>
    call(
      complyflow().evidence.list({
        query: query.trim() || undefined,
        expired: expiry === '' ? undefined : expiry === 'expired',
        offset,
        limit,
      }),
    ),
});
