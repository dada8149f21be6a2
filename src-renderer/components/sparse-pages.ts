/**
 * The rows of a long list held sparsely: an array as long as the list's total, with only the
 * pages the user has looked at filled in. A list jumps to any offset (End, dragging the
 * scrollbar to the middle) and loads the page shown there, instead of every page before it.
 *
 * `want(start, end)` names the rows in view; pages in that range load one or two at a time, and
 * a page that scrolled out of view before its turn is never fetched, so dragging across 1,000
 * pages costs a handful of calls. Answers for an older generation (the filter changed) are dropped.
 */
export interface Page<T> {
  items: T[];
  total: number;
}

const MAX_IN_FLIGHT = 2;

export interface SparsePages {
  /** Starts over (new filter or changed data): forgets every page, loads the first and those in view. */
  reset(): Promise<void>;
  /** The rows in view (inclusive indexes): their pages load if they are not loaded yet. */
  want(start: number, end: number): void;
  /** Resolves once the page holding `index` is loaded (or the list changed under it). */
  load(index: number): Promise<void>;
}

export function createSparsePages<T>(options: {
  pageSize: number;
  fetchPage(offset: number): Promise<Page<T>>;
  /** The rows so far (length = total, holes where no page is loaded) and the total. */
  onRows(rows: (T | undefined)[], total: number): void;
  onError(message: string): void;
}): SparsePages {
  const { pageSize } = options;
  let generation = 0;
  let loaded = new Set<number>();
  let inFlight = new Map<number, Promise<void>>();
  let wanted = { first: 0, last: 0 };
  let rows: (T | undefined)[] = [];

  const store = (mine: number, pageIndex: number, page: Page<T>) => {
    if (mine !== generation) return;
    // A new array each time: the store's subscribers compare by identity.
    const next = rows.slice(0, page.total);
    while (next.length < page.total) next.push(undefined);
    page.items.forEach((item, i) => {
      if (pageIndex * pageSize + i < next.length) next[pageIndex * pageSize + i] = item;
    });
    rows = next;
    loaded.add(pageIndex);
    options.onRows(rows, page.total);
  };

  const fetch = (pageIndex: number): Promise<void> => {
    const existing = inFlight.get(pageIndex);
    if (existing) return existing;
    const mine = generation;
    const pending = options
      .fetchPage(pageIndex * pageSize)
      .then(
        (page) => store(mine, pageIndex, page),
        (error: Error) => {
          if (mine === generation) options.onError(error.message);
        },
      )
      .finally(() => {
        if (mine !== generation) return;
        inFlight.delete(pageIndex);
        pump();
      });
    inFlight.set(pageIndex, pending);
    return pending;
  };

  function pump() {
    for (let p = wanted.first; p <= wanted.last && inFlight.size < MAX_IN_FLIGHT; p++) {
      if (!loaded.has(p) && !inFlight.has(p)) void fetch(p);
    }
  }

  return {
    reset() {
      generation += 1;
      loaded = new Set();
      inFlight = new Map();
      // The rows in view stay wanted: once the first page is back, their pages load again too
      // (a list scrolled deep that reloads on a change would otherwise keep its holes).
      rows = [];
      return fetch(0);
    },
    want(start, end) {
      const total = rows.length;
      if (total === 0) return;
      const last = Math.min(Math.max(start, end), total - 1);
      wanted = { first: Math.floor(Math.max(0, start) / pageSize), last: Math.floor(Math.max(0, last) / pageSize) };
      pump();
    },
    async load(index) {
      const pageIndex = Math.floor(index / pageSize);
      if (!loaded.has(pageIndex)) await fetch(pageIndex);
    },
  };
}
