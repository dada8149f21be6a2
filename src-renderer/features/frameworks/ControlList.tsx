import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef } from 'react';
import { confirmLeave } from '../../app/router-store';
import { STATUS_LABELS, useFrameworks } from './frameworks-store';

const ROW_HEIGHT = 56;

/** Virtualized controls of one framework, in catalog order; arrow keys move the selection. */
export function ControlList() {
  const { controls, total, loading, error, loadMore, selectedControlId, selectControl } = useFrameworks();
  const parentRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: controls.length,
    getScrollElement: () => parentRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
  });
  const virtualItems = virtualizer.getVirtualItems();
  const lastIndex = virtualItems.at(-1)?.index ?? 0;

  useEffect(() => {
    if (lastIndex >= controls.length - 20) void loadMore();
  }, [lastIndex, controls.length, loadMore]);

  const onKeyDown = (event: React.KeyboardEvent) => {
    const keys: Record<string, (i: number) => number> = {
      ArrowDown: (i) => i + 1,
      ArrowUp: (i) => i - 1,
      Home: () => 0,
      End: () => controls.length - 1,
      PageDown: (i) => i + 10,
      PageUp: (i) => i - 10,
    };
    const move = keys[event.key];
    if (!move) return;
    event.preventDefault();
    const current = controls.findIndex((c) => c.id === selectedControlId);
    const next = Math.max(0, Math.min(controls.length - 1, move(current)));
    if (controls[next] && controls[next].id !== selectedControlId) {
      // Unsaved edits on the open control: ask before switching.
      if (!confirmLeave()) return;
      selectControl(controls[next].id);
      virtualizer.scrollToIndex(next);
    }
  };

  if (error)
    return (
      <p role="alert" className="error-text">
        Could not load controls: {error}
      </p>
    );
  if (!loading && controls.length === 0) return <p className="empty-state">No controls match.</p>;

  return (
    <div className="control-list" ref={parentRef}>
      <p className="list-count" aria-live="polite">
        {total} {total === 1 ? 'control' : 'controls'}
      </p>
      <div
        role="listbox"
        aria-label="Controls"
        tabIndex={0}
        onKeyDown={onKeyDown}
        aria-activedescendant={selectedControlId ? `control-${selectedControlId}` : undefined}
        style={{ height: virtualizer.getTotalSize(), position: 'relative' }}
      >
        {virtualItems.map((row) => {
          const control = controls[row.index]!;
          return (
            <div
              key={control.id}
              id={`control-${control.id}`}
              role="option"
              aria-selected={control.id === selectedControlId}
              className={`control-row${control.parentId ? ' enhancement' : ''}`}
              style={{
                position: 'absolute',
                top: 0,
                left: 0,
                right: 0,
                height: ROW_HEIGHT,
                transform: `translateY(${row.start}px)`,
              }}
              title={`${control.label} ${control.title}`}
              onClick={() => {
                if (control.id !== selectedControlId && confirmLeave()) selectControl(control.id);
              }}
            >
              <span className="control-name">
                <strong>{control.label}</strong> {control.title}
              </span>
              <span className={`badge status-${control.status}`}>{STATUS_LABELS[control.status]}</span>
              <span className="control-group">{control.snippet ?? control.groupTitle}</span>
            </div>
          );
        })}
      </div>
    </div>
  );
}
