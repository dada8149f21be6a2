/**
 * The audit's scope as a virtualized listbox: only visible rows are in the DOM, the next page
 * loads near the end, and the current control stays scrolled into view as J/K move through it.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { forwardRef, useEffect, useImperativeHandle, useRef } from 'react';
import { useFieldwork } from './fieldwork-store';
import { RESULT_LABELS } from './labels';

/** Two lines: label, counts and result; then the title (one line, ellipsis). */
const ROW_HEIGHT = 56;

export const ScopeList = forwardRef<HTMLDivElement>(function ScopeList(_props, ref) {
  const { items, total, index, loadMore, select } = useFieldwork();
  const parentRef = useRef<HTMLDivElement>(null);
  const listRef = useRef<HTMLDivElement>(null);
  useImperativeHandle(ref, () => listRef.current as HTMLDivElement);
  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => parentRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
  });
  const virtualItems = virtualizer.getVirtualItems();
  const lastIndex = virtualItems.at(-1)?.index ?? 0;

  useEffect(() => {
    if (lastIndex >= items.length - 20) void loadMore();
  }, [lastIndex, items.length, loadMore]);

  useEffect(() => {
    if (items.length > 0) virtualizer.scrollToIndex(index, { align: 'auto' });
  }, [index, items.length, virtualizer]);

  const current = items[index];
  return (
    <div className="scope-list" ref={parentRef}>
      <p className="list-count">
        {total} {total === 1 ? 'control' : 'controls'} in scope
      </p>
      <div
        ref={listRef}
        role="listbox"
        aria-label="Controls in scope"
        tabIndex={0}
        aria-activedescendant={current ? `scope-${current.controlId}` : undefined}
        style={{ height: virtualizer.getTotalSize(), position: 'relative' }}
      >
        {virtualItems.map((row) => {
          const item = items[row.index];
          const result = item.result ?? 'untested';
          return (
            <div
              key={item.controlId}
              id={`scope-${item.controlId}`}
              role="option"
              aria-selected={row.index === index}
              className="scope-row"
              title={`${item.label} ${item.title}`}
              style={{
                position: 'absolute',
                top: 0,
                left: 0,
                right: 0,
                height: ROW_HEIGHT,
                transform: `translateY(${row.start}px)`,
              }}
              onClick={() => void select(row.index)}
            >
              <span className="scope-head">
                <span className="scope-label">{item.label}</span>
                {(item.findings > 0 || item.evidence > 0) && (
                  <span className="scope-counts">
                    {item.findings > 0 && `${item.findings} ${item.findings === 1 ? 'finding' : 'findings'}`}
                    {item.findings > 0 && item.evidence > 0 && ' · '}
                    {item.evidence > 0 && `${item.evidence} evidence`}
                  </span>
                )}
              </span>
              <span className={`badge result-${result}`}>{item.result ? RESULT_LABELS[item.result] : 'No result'}</span>
              <span className="scope-title">{item.title}</span>
            </div>
          );
        })}
      </div>
    </div>
  );
});
