import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef } from 'react';
import type { PolicySummary } from '../../../src-shared/domain/policy';
import { useRouter } from '../../app/router-store';
import { usePolicies } from './policies-store';
import { STATUS_LABELS } from './status-labels';
import { versionLabel } from './version';
import './policies.css';

/** Title, then badges, then (when searching) the matching excerpt: one line each. */
const ROW_HEIGHT = 76;

/** A published revision stays in force while a newer draft goes through approval. */
const hasPublishedInForce = (p: PolicySummary) =>
  p.status !== 'published' && p.publishedRevisionId !== null && p.publishedRevisionId !== p.currentRevisionId;

/** Virtualized: only the visible rows are in the DOM, and the next page loads near the end. */
export function PolicyList() {
  const { items, total, loading, error, loadMore } = usePolicies();
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
    const current = items.findIndex((p) => p.id === selectedId);
    const next = Math.max(0, Math.min(items.length - 1, current + (event.key === 'ArrowDown' ? 1 : -1)));
    if (items[next] && go('policies', items[next].id)) virtualizer.scrollToIndex(next);
  };

  if (error)
    return (
      <p role="alert" className="error-text">
        Could not load policies: {error}
      </p>
    );
  if (!loading && items.length === 0) return <p className="empty-state">No policies match. Create one with “New policy”.</p>;

  return (
    <div className="policy-list" ref={parentRef}>
      <p className="list-count" aria-live="polite">
        {total} {total === 1 ? 'policy' : 'policies'}
      </p>
      <div
        role="listbox"
        aria-label="Policies"
        tabIndex={0}
        onKeyDown={onKeyDown}
        aria-activedescendant={selectedId ? `policy-${selectedId}` : undefined}
        style={{ height: virtualizer.getTotalSize(), position: 'relative' }}
      >
        {virtualItems.map((row) => {
          const policy = items[row.index];
          return (
            <div
              key={policy.id}
              id={`policy-${policy.id}`}
              role="option"
              aria-selected={policy.id === selectedId}
              className="policy-row"
              style={{
                position: 'absolute',
                top: 0,
                left: 0,
                right: 0,
                height: ROW_HEIGHT,
                transform: `translateY(${row.start}px)`,
              }}
              onClick={() => go('policies', policy.id)}
            >
              <span className="policy-title" title={policy.title}>
                {policy.title}
              </span>
              <span className="policy-badges">
                <span className={`badge badge-${policy.status}`}>
                  {STATUS_LABELS[policy.status]} {versionLabel(policy)}
                </span>
                {policy.overdue && <span className="badge badge-overdue">Review overdue</span>}
                {hasPublishedInForce(policy) && (
                  <span className="badge badge-in-force" title="The published version stays in force until this one is published">
                    {policy.publishedVersion ? `v${policy.publishedVersion} in force` : 'Published version in force'}
                  </span>
                )}
              </span>
              {policy.snippet && <span className="snippet">{policy.snippet}</span>}
            </div>
          );
        })}
      </div>
    </div>
  );
}
