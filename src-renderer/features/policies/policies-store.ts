/**
 * The policy list as the user filters it: status, search text, and pages loaded on demand as
 * the list scrolls, so 5,000 policies never load at once.
 */
import { create } from 'zustand';
import type { PolicyStatus, PolicySummary } from '../../../src-shared/domain/policy';
import { call, complyflow } from '../../api/complyflow';

const PAGE = 100;

interface PoliciesState {
  status: PolicyStatus | '';
  query: string;
  /** Only policies whose review date has passed. */
  overdue: boolean;
  items: PolicySummary[];
  total: number;
  loading: boolean;
  error: string | null;
  setFilter(filter: Partial<Pick<PoliciesState, 'status' | 'query' | 'overdue'>>): void;
  reload(): Promise<void>;
  loadMore(): Promise<void>;
}

let generation = 0;

export const usePolicies = create<PoliciesState>((set, get) => {
  const fetchPage = async (offset: number) => {
    const { status, query, overdue } = get();
    return call(
      complyflow().policies.list({
        status: status || undefined,
        overdue: overdue || undefined,
        query: query.trim() || undefined,
        offset,
        limit: PAGE,
      }),
    );
  };
  return {
    status: '',
    query: '',
    overdue: false,
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
