/**
 * A virtualized single-select listbox (role="listbox", one role="option" per row) with rows of a
 * fixed height. Focus stays on the listbox and aria-activedescendant names the selected option.
 * Selecting goes through the caller's `onSelect`, which applies its own guard (unsaved changes)
 * and answers false when the selection did not move; only then does the list not scroll.
 *
 * `items` is as long as the list's total, with holes where a page has not loaded: a hole shows
 * as a "Loading…" row, `onRange` asks for the rows in view, and a key that lands on a hole
 * (End, PageDown) scrolls there and selects the row once it has loaded.
 */
import type { ReactNode, Ref } from 'react';
import { useEffect, useState } from 'react';
import { useVirtualRows } from './use-virtual-rows';

/** Which keys move the selection: none (the page handles keys), arrows, or arrows plus Home/End/PageUp/PageDown. */
export type ListboxKeys = 'none' | 'arrows' | 'all';

const PAGE_STEP = 10;

interface VirtualListboxProps<T> {
  items: readonly (T | undefined)[];
  rowHeight: number;
  getId(item: T): string;
  /** Option element ids are `${idPrefix}-${id}`. */
  idPrefix: string;
  selectedId: string | null;
  /** Selects an item (click or key); false means it stayed where it was, so don't scroll. */
  onSelect(item: T, index: number): boolean | void;
  /** The rendered rows (inclusive indexes): load their pages. */
  onRange(start: number, end: number): void;
  renderRow(item: T, index: number): ReactNode;
  rowClassName(item: T): string;
  rowTitle?(item: T): string;
  'aria-label': string;
  keys?: ListboxKeys;
  /** Keep the selected option scrolled into view whenever the selection changes. */
  followSelection?: boolean;
  overscan?: number;
  /** The scrolling element's class. */
  className: string;
  /** Shown above the options, inside the scrolling element (the count). */
  header?: ReactNode;
  listboxRef?: Ref<HTMLDivElement>;
}

const moves: Record<Exclude<ListboxKeys, 'none'>, Record<string, (i: number, last: number) => number>> = {
  arrows: { ArrowDown: (i) => i + 1, ArrowUp: (i) => i - 1 },
  all: {
    ArrowDown: (i) => i + 1,
    ArrowUp: (i) => i - 1,
    Home: () => 0,
    End: (_i, last) => last,
    PageDown: (i) => i + PAGE_STEP,
    PageUp: (i) => i - PAGE_STEP,
  },
};

export function VirtualListbox<T>({
  items,
  rowHeight,
  getId,
  idPrefix,
  selectedId,
  onSelect,
  onRange,
  renderRow,
  rowClassName,
  rowTitle,
  'aria-label': ariaLabel,
  keys = 'arrows',
  followSelection = false,
  overscan = 10,
  className,
  header,
  listboxRef,
}: VirtualListboxProps<T>) {
  const { scrollRef, virtualizer, rows, listStyle, rowStyle } = useVirtualRows({
    count: items.length,
    rowHeight,
    overscan,
    onRange,
  });
  const selectedIndex = selectedId === null ? -1 : items.findIndex((item) => item !== undefined && getId(item) === selectedId);
  /** A row a key moved to before its page had loaded: selected when it arrives. */
  const [pendingIndex, setPendingIndex] = useState<number | null>(null);
  const pendingItem = pendingIndex === null ? undefined : items[pendingIndex];

  useEffect(() => {
    if (pendingIndex === null || pendingItem === undefined) return;
    setPendingIndex(null);
    onSelect(pendingItem, pendingIndex);
  }, [pendingIndex, pendingItem, onSelect]);

  useEffect(() => {
    if (followSelection && selectedIndex >= 0) virtualizer.scrollToIndex(selectedIndex, { align: 'auto' });
  }, [followSelection, selectedIndex, items.length, virtualizer]);

  const onKeyDown = (event: React.KeyboardEvent) => {
    const move = keys === 'none' ? undefined : moves[keys][event.key];
    if (!move) return;
    event.preventDefault();
    const from = pendingIndex ?? selectedIndex;
    const next = Math.max(0, Math.min(items.length - 1, move(from, items.length - 1)));
    const item = items[next];
    if (item === undefined) {
      setPendingIndex(next);
      virtualizer.scrollToIndex(next);
    } else {
      setPendingIndex(null);
      if (onSelect(item, next) !== false) virtualizer.scrollToIndex(next);
    }
  };

  return (
    <div className={className} ref={scrollRef}>
      {header}
      <div
        ref={listboxRef}
        role="listbox"
        aria-label={ariaLabel}
        tabIndex={0}
        onKeyDown={keys === 'none' ? undefined : onKeyDown}
        aria-activedescendant={selectedId ? `${idPrefix}-${selectedId}` : undefined}
        style={listStyle}
      >
        {rows.map((row) => {
          const item = items[row.index];
          if (item === undefined) {
            return (
              <div
                key={`loading-${row.index}`}
                role="option"
                aria-selected={false}
                aria-busy="true"
                className="list-row-loading"
                style={rowStyle(row.start)}
              >
                Loading…
              </div>
            );
          }
          const id = getId(item);
          return (
            <div
              key={id}
              id={`${idPrefix}-${id}`}
              role="option"
              aria-selected={id === selectedId}
              className={rowClassName(item)}
              title={rowTitle?.(item)}
              style={rowStyle(row.start)}
              onClick={() => onSelect(item, row.index)}
            >
              {renderRow(item, row.index)}
            </div>
          );
        })}
      </div>
    </div>
  );
}
