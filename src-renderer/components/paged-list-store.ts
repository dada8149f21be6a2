/**
 * A zustand store for a filtered list loaded a page at a time as it scrolls: the filter, the
 * items loaded so far, and reload/loadMore. Each reload starts a new generation, so an answer
 * to an older filter that arrives late is dropped instead of replacing the newer list.
 */
import { create } from 'zustand';

export interface Page<T> {
  items: T[];
  total: number;
}

interface PagedList<T, F> {
  items: T[];
  total: number;
  loading: boolean;
  error: string | null;
  /** Changes the filter and reloads from the first page. */
  setFilter(filter: Partial<F>): void;
  reload(): Promise<void>;
  /** Loads the next page, unless one is loading or everything is loaded. */
  loadMore(): Promise<void>;
}

export type PagedListState<T, F extends object> = F & PagedList<T, F>;

interface PagedListOptions<T, F extends object> {
  /** The filter's fields and their starting values; they become fields of the store. */
  filter: F;
  fetchPage(filter: F, offset: number): Promise<Page<T>>;
}

export function createPagedListStore<T, F extends object>({ filter, fetchPage }: PagedListOptions<T, F>) {
  let generation = 0;
  return create<PagedListState<T, F>>()((setState, get) => {
    // TypeScript cannot check a partial update of `F & …` while F is generic.
    const set = (partial: Partial<F> | Partial<PagedList<T, F>>) => setState(partial as PagedListState<T, F>);
    const list: PagedList<T, F> = {
      items: [],
      total: 0,
      loading: false,
      error: null,
      setFilter(next) {
        set(next);
        void get().reload();
      },
      async reload() {
        const mine = ++generation;
        set({ loading: true, error: null });
        try {
          const page = await fetchPage(get(), 0);
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
          const page = await fetchPage(get(), items.length);
          if (mine === generation) set({ items: [...get().items, ...page.items], total: page.total, loading: false });
        } catch (error) {
          if (mine === generation) set({ loading: false, error: (error as Error).message });
        }
      },
    };
    return { ...filter, ...list };
  });
}
