/**
 * A zustand store for a filtered list too long to load whole: the filter, the rows as a sparse
 * array as long as the total (sparse-pages.ts), and reload/want. The list's scroll area is sized
 * from the total; the page at the offset being shown loads when it comes into view. Each reload
 * starts a new generation, so an answer to an older filter that arrives late is dropped instead
 * of replacing the newer list.
 */
import { create } from 'zustand';
import { createSparsePages, type Page } from './sparse-pages';

export type { Page } from './sparse-pages';

interface PagedList<F> {
  /** As long as `total`; undefined where the row's page has not loaded yet. */
  items: unknown[];
  total: number;
  loading: boolean;
  error: string | null;
  /** Changes the filter and reloads from the first page. */
  setFilter(filter: Partial<F>): void;
  reload(): Promise<void>;
  /** The rows in view (inclusive indexes): loads their pages if needed. */
  want(start: number, end: number): void;
}

export type PagedListState<T, F extends object> = F &
  Omit<PagedList<F>, 'items'> & {
    items: (T | undefined)[];
  };

interface PagedListOptions<T, F extends object> {
  /** The filter's fields and their starting values; they become fields of the store. */
  filter: F;
  pageSize: number;
  fetchPage(filter: F, offset: number, limit: number): Promise<Page<T>>;
}

export function createPagedListStore<T, F extends object>({ filter, pageSize, fetchPage }: PagedListOptions<T, F>) {
  return create<PagedListState<T, F>>()((setState, get) => {
    // TypeScript cannot check a partial update of `F & …` while F is generic.
    const set = (partial: object) => setState(partial as PagedListState<T, F>);
    const pages = createSparsePages<T>({
      pageSize,
      fetchPage: (offset) => fetchPage(get(), offset, pageSize),
      onRows: (items, total) => set({ items, total, loading: false }),
      onError: (message) => set({ loading: false, error: message }),
    });
    return {
      ...filter,
      items: [],
      total: 0,
      loading: false,
      error: null,
      setFilter(next) {
        set(next);
        void get().reload();
      },
      reload() {
        set({ loading: true, error: null });
        return pages.reset();
      },
      want: (start, end) => pages.want(start, end),
    };
  });
}
