/**
 * Virtualized evidence list: only visible rows are in the DOM, the scroll area is sized from
 * the total, and the page at the offset being shown loads (a row still loading says so). Each row opens the item; its short SHA-256 has a copy button. Arrow keys move
 * between rows.
 */
import { useRouter } from '../../app/router-store';
import { useVirtualRows } from '../../components/use-virtual-rows';
import { CopyButton } from './CopyButton';
import { ExpiryBadge } from './ExpiryBadge';
import { useEvidence } from './evidence-store';
import { shortSha } from './format';
import { formatDate } from '../../components/dates';

const ROW_HEIGHT = 76;

/** A list of buttons rather than a listbox: each row holds a second control (copy the SHA-256). */
export function EvidenceList() {
  const { items, total, loading, error, want } = useEvidence();
  const { id: selectedId, go } = useRouter();
  const { scrollRef, virtualizer, rows, listStyle, rowStyle } = useVirtualRows({
    count: items.length,
    rowHeight: ROW_HEIGHT,
    overscan: 8,
    onRange: want,
  });

  const onKeyDown = (event: React.KeyboardEvent) => {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    event.preventDefault();
    const current = items.findIndex((e) => e?.id === selectedId);
    const next = Math.max(0, Math.min(items.length - 1, current + (event.key === 'ArrowDown' ? 1 : -1)));
    const target = items[next];
    if (!target) return;
    if (!go('evidence', target.id)) return;
    virtualizer.scrollToIndex(next);
    requestAnimationFrame(() => document.getElementById(`evidence-open-${target.id}`)?.focus());
  };

  if (error)
    return (
      <p role="alert" className="error-text">
        Could not load evidence: {error}
      </p>
    );

  return (
    <div className="evidence-list" ref={scrollRef}>
      <p className="list-count" aria-live="polite">
        {total} {total === 1 ? 'item' : 'items'}
      </p>
      {!loading && items.length === 0 && (
        <p className="empty-state">No evidence matches. Add files with “Add evidence” or drop them on this page.</p>
      )}
      <ul aria-label="Evidence" onKeyDown={onKeyDown} style={listStyle}>
        {rows.map((row) => {
          const e = items[row.index];
          if (!e) {
            return (
              <li
                key={`loading-${row.index}`}
                className="evidence-row list-row-loading"
                aria-busy="true"
                style={rowStyle(row.start)}
              >
                Loading…
              </li>
            );
          }
          return (
            <li
              key={e.id}
              className="evidence-row"
              aria-current={e.id === selectedId ? 'true' : undefined}
              style={rowStyle(row.start)}
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
                  <span className="file-name">{e.fileName}</span> · as of {formatDate(e.asOfDate)}
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
