/**
 * Virtualized rows of a fixed height: only the rows in view (plus `overscan`) are rendered,
 * and `onEndReached` runs when the last rendered row comes within `endThreshold` of the end,
 * so the next page loads before the user gets there.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { type CSSProperties, useEffect, useRef } from 'react';

interface VirtualRowsOptions {
  count: number;
  rowHeight: number;
  overscan: number;
  endThreshold: number;
  onEndReached(): void;
}

export function useVirtualRows({ count, rowHeight, overscan, endThreshold, onEndReached }: VirtualRowsOptions) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan,
  });
  const rows = virtualizer.getVirtualItems();
  const lastIndex = rows.at(-1)?.index ?? 0;

  useEffect(() => {
    if (lastIndex >= count - endThreshold) onEndReached();
  }, [lastIndex, count, endThreshold, onEndReached]);

  /** The list's own style: tall enough for every row, so the scrollbar is true. */
  const listStyle: CSSProperties = { height: virtualizer.getTotalSize(), position: 'relative' };
  /** A row's style, placed at its offset. */
  const rowStyle = (start: number): CSSProperties => ({
    position: 'absolute',
    top: 0,
    left: 0,
    right: 0,
    height: rowHeight,
    transform: `translateY(${start}px)`,
  });
  return { scrollRef, virtualizer, rows, listStyle, rowStyle };
}
