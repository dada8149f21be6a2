/**
 * Virtualized evidence list: only visible rows are in the DOM and the next page loads near
 * the end. Each row opens the item; its short SHA-256 has a copy button. Arrow keys move
 * between rows.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef } from 'react';
import { useRouter } from '../../app/router-store';
import { CopyButton } from './CopyButton';
import { ExpiryBadge } from './ExpiryBadge';
import { useEvidence } from './evidence-store';
import { shortSha } from './format';

const ROW_HEIGHT = 76;

export function EvidenceList() {
  const { items, total, loading, error, loadMore } = useEvidence();
  const { id: selectedId, go } = useRouter();
  const parentRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => parentRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
  });
  const virtualItems = virtualizer.getVirtualItems();
  const lastIndex = virtualItems.at(-1)?.index ?? 0;

  useEffect(() => {
    if (lastIndex >= items.length - 10) void loadMore();
  }, [lastIndex, items.length, loadMore]);

  const onKeyDown = (event: React.KeyboardEvent) => {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    event.preventDefault();
    const current = items.findIndex((e) => e.id === selectedId);
    const next = Math.max(0, Math.min(items.length - 1, current + (event.key === 'ArrowDown' ? 1 : -1)));
    if (!items[next]) return;
    if (!go('evidence', items[next].id)) return;
    virtualizer.scrollToIndex(next);
    requestAnimationFrame(() => document.getElementById(`evidence-open-${items[next].id}`)?.focus());
  };

  if (error)
    return (
      <p role="alert" className="error-text">
        Could not load evidence: {error}
      </p>
    );

  return (
    <div className="evidence-list" ref={parentRef}>
      <p className="list-count" aria-live="polite">
        {total} {total === 1 ? 'item' : 'items'}
      </p>
      {!loading && items.length === 0 && (
        <p className="empty-state">No evidence matches. Add files with “Add evidence” or drop them on this page.</p>
      )}
      <ul aria-label="Evidence" onKeyDown={onKeyDown} style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {virtualItems.map((row) => {
          const e = items[row.index];
          return (
            <li
              key={e.id}
              className="evidence-row"
              aria-current={e.id === selectedId ? 'true' : undefined}
              style={{
                position: 'absolute',
                top: 0,
                left: 0,
                right: 0,
                height: ROW_HEIGHT,
                transform: `translateY(${row.start}px)`,
              }}
            >
              <button
                type="button"
                id={`evidence-open-${e.id}`}
                className="evidence-open"
                title={`${e.title} — ${e.fileName}`}
                onClick={() => go('evidence', e.id)}
              >
                <span className="evidence-title">{e.title}</span>
                <span className="evidence-meta">
                  <span className="file-name">{e.fileName}</span> · as of {e.asOfDate}
                </span>
              </button>
              <span className="evidence-row-side">
                <ExpiryBadge evidence={e} />
                <span className="sha-short">
                  <code title={e.sha256}>{shortSha(e.sha256)}</code>
                  <CopyButton value={e.sha256} label={`Copy SHA-256 of ${e.title}`} />
                </span>
              </span>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
