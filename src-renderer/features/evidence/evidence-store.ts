/**
 * The evidence list as the user filters it (search text, expired or current), loaded in
 * pages as the list scrolls, so 100,000 items never load at once.
 */
import { create } from 'zustand';
import type { Evidence } from '../../../src-shared/domain/evidence';
import { call, complyflow } from '../../api/complyflow';

const PAGE = 100;
export type ExpiryFilter = '' | 'expired' | 'current';

interface EvidenceState {
  query: string;
  expiry: ExpiryFilter;
  items: Evidence[];
  total: number;
  loading: boolean;
  error: string | null;
  setFilter(filter: Partial<Pick<EvidenceState, 'query' | 'expiry'>>): void;
  reload(): Promise<void>;
  loadMore(): Promise<void>;
}

let generation = 0;

export const useEvidence = create<EvidenceState>((set, get) => {
  const fetchPage = (offset: number) => {
    const { query, expiry } = get();
    return call(
      complyflow().evidence.list({
        query: query.trim() || undefined,
        expired: expiry === '' ? undefined : expiry === 'expired',
        offset,
        limit: PAGE,
      }),
    );
  };
  return {
    query: '',
    expiry: '',
    items: [],
    total: 0,
    loading: false,
    error: null,
    setFilter(filter) {
      set(filter);
      void get().reload();
    },
    async reload() {
      const mine = ++generation;
      set({ loading: true, error: null });
      try {
        const page = await fetchPage(0);
        if (mine === generation) set({ items: page.items, total: page.total, loading: false });
      } catch (error) {
        if (mine === generation) set({ loading: false, error: (error as Error).message });
      }
    },
    async loadMore() {
      const { items, total, loading } = get();
      if (loading || items.length >= total) return;
      const mine = generation;
      set({ loading: true });
      try {
        const page = await fetchPage(items.length);
        if (mine === generation) set({ items: [...get().items, ...page.items], total: page.total, loading: false });
      } catch (error) {
        if (mine === generation) set({ loading: false, error: (error as Error).message });
      }
    },
  };
});
