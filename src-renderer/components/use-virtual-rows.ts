/**
 * Virtualized rows of a fixed height: only the rows in view (plus `overscan`) are rendered, the
 * scroll area is as tall as every row (`count` is the list's total, loaded or not), and
 * `onRange` names the rendered rows whenever they change, so the page at the offset being shown
 * loads (components/sparse-pages.ts) even after a jump to the end or the middle.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { type CSSProperties, useEffect, useRef } from 'react';

interface VirtualRowsOptions {
  count: number;
  rowHeight: number;
  overscan: number;
  /** The first and last rendered row (inclusive). */
  onRange(start: number, end: number): void;
}

export function useVirtualRows({ count, rowHeight, overscan, onRange }: VirtualRowsOptions) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan,
  });
  const rows = virtualizer.getVirtualItems();
  const firstIndex = rows[0]?.index ?? 0;
  const lastIndex = rows.at(-1)?.index ?? 0;

  useEffect(() => {
    if (count > 0) onRange(firstIndex, lastIndex);
  }, [firstIndex, lastIndex, count, onRange]);

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
