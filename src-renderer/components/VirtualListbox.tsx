/**
 * A virtualized single-select listbox (role="listbox", one role="option" per row) with rows of a
 * fixed height. Focus stays on the listbox and aria-activedescendant names the selected option.
 * Selecting goes through the caller's `onSelect`, which applies its own guard (unsaved changes)
 * and answers false when the selection did not move; only then does the list not scroll.
 */
import type { ReactNode, Ref } from 'react';
import { useEffect } from 'react';
import { useVirtualRows } from './use-virtual-rows';

/** Which keys move the selection: none (the page handles keys), arrows, or arrows plus Home/End/PageUp/PageDown. */
export type ListboxKeys = 'none' | 'arrows' | 'all';

const PAGE_STEP = 10;

interface VirtualListboxProps<T> {
  items: readonly T[];
  rowHeight: number;
  getId(item: T): string;
  /** Option element ids are `${idPrefix}-${id}`. */
  idPrefix: string;
  selectedId: string | null;
  /** Selects an item (click or key); false means it stayed where it was, so don't scroll. */
  onSelect(item: T, index: number): boolean | void;
  onEndReached(): void;
  renderRow(item: T, index: number): ReactNode;
  rowClassName(item: T): string;
  rowTitle?(item: T): string;
  'aria-label': string;
  keys?: ListboxKeys;
  /** Keep the selected option scrolled into view whenever the selection changes. */
  followSelection?: boolean;
  overscan?: number;
  /** Load more when the last rendered row is this close to the end. */
  endThreshold?: number;
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
  onEndReached,
  renderRow,
  rowClassName,
  rowTitle,
  'aria-label': ariaLabel,
  keys = 'arrows',
  followSelection = false,
  overscan = 10,
  endThreshold = 20,
  className,
  header,
  listboxRef,
}: VirtualListboxProps<T>) {
  const { scrollRef, virtualizer, rows, listStyle, rowStyle } = useVirtualRows({
    count: items.length,
    rowHeight,
    overscan,
    endThreshold,
    onEndReached,
  });
  const selectedIndex = selectedId === null ? -1 : items.findIndex((item) => getId(item) === selectedId);

  useEffect(() => {
    if (followSelection && selectedIndex >= 0) virtualizer.scrollToIndex(selectedIndex, { align: 'auto' });
  }, [followSelection, selectedIndex, items.length, virtualizer]);

  const onKeyDown = (event: React.KeyboardEvent) => {
    const move = keys === 'none' ? undefined : moves[keys][event.key];
    if (!move) return;
    event.preventDefault();
    const next = Math.max(0, Math.min(items.length - 1, move(selectedIndex, items.length - 1)));
    const item = items[next];
    if (item !== undefined && onSelect(item, next) !== false) virtualizer.scrollToIndex(next);
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
          const item = items[row.index]!;
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
