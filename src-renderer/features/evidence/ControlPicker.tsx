/**
 * Finds controls by label or title (evidence.searchControls) and hands the chosen one back.
 * ↑/↓ move the highlight and Enter links the highlighted match; Enter never submits the
 * surrounding form (typed faster than the search answers, it waits for the matches).
 */
import { useEffect, useId, useRef, useState } from 'react';
import type { LinkedControl } from '../../../src-shared/domain/evidence';
import { call, complyflow } from '../../api/complyflow';
import { showError } from '../../app/toast-store';

type Found = LinkedControl;

export function ControlPicker({ excludeIds, onPick }: { excludeIds: readonly string[]; onPick(control: LinkedControl): void }) {
  const [query, setQuery] = useState('');
  const [found, setFound] = useState<{ query: string; items: Found[] }>({ query: '\0', items: [] });
  const [active, setActive] = useState(0);
  /** Enter pressed before the matches for the typed text arrived: pick when they do. */
  const pendingEnter = useRef(false);
  const listId = useId();
  const hintId = useId();

  useEffect(() => {
    let live = true;
    const timer = setTimeout(() => {
      call(complyflow().evidence.searchControls({ query, limit: 8 })).then(
        (r) => live && setFound({ query, items: r.items }),
        showError,
      );
    }, 150);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [query]);

  const fresh = found.query === query;
  const shown = found.items.filter((c) => !excludeIds.includes(c.id));
  const highlighted = shown[Math.min(active, shown.length - 1)];

  const pick = (control: LinkedControl) => {
    pendingEnter.current = false;
    setActive(0);
    onPick(control);
  };

  useEffect(() => {
    if (!fresh || !pendingEnter.current) return;
    pendingEnter.current = false;
    if (shown[0]) pick(shown[0]);
    // Only when new matches arrive.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [found]);

  const onKeyDown = (event: React.KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter') {
      // Never the form's submit: pick the highlighted match, or nothing.
      event.preventDefault();
      if (!query.trim()) return;
      if (!fresh) pendingEnter.current = true;
      else if (highlighted) pick(highlighted);
    } else if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      if (shown.length === 0) return;
      event.preventDefault();
      const delta = event.key === 'ArrowDown' ? 1 : -1;
      setActive((i) => (Math.min(i, shown.length - 1) + delta + shown.length) % shown.length);
    } else if (event.key === 'Escape' && query) {
      event.preventDefault();
      setQuery('');
    }
  };

  return (
    <div className="control-picker">
      <label>
        Find a control to link
        <input
          type="search"
          value={query}
          placeholder="Label or title, e.g. AC-2"
          aria-controls={query.trim() ? listId : undefined}
          aria-describedby={hintId}
          onKeyDown={onKeyDown}
          onChange={(e) => {
            setQuery(e.target.value);
            setActive(0);
          }}
        />
      </label>
      <p id={hintId} className="picker-hint muted">
        {highlighted && query.trim() && fresh
          ? `Enter links ${highlighted.label} ${highlighted.title}; ↑ and ↓ choose another match.`
          : 'Type a label or title; Enter links the highlighted match.'}
      </p>
      {/* Shown once something is typed: an empty box lists nothing, and the preview below stays in view. */}
      {query.trim() !== '' && (
        <ul id={listId} aria-label="Matching controls" className="control-results">
          {shown.length === 0 && (
            <li className="empty-state">
              {!fresh
                ? 'Searching…'
                : found.items.length === 0
                  ? 'No controls match. Import a framework first.'
                  : 'All matches are linked.'}
            </li>
          )}
          {shown.map((c) => (
            <li key={c.id} className={query.trim() && c === highlighted ? 'highlighted' : undefined}>
              <button
                type="button"
                className="link-button"
                onClick={() => pick(c)}
                aria-label={`Link ${c.label} ${c.title} (${c.frameworkTitle})`}
              >
                Link
              </button>
              <span className="control-result-text" title={`${c.label} ${c.title} · ${c.frameworkTitle}`}>
                <strong>{c.label}</strong> {c.title} <span className="muted">· {c.frameworkTitle}</span>
              </span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
