/** Finds controls by label or title (evidence.searchControls) and hands the chosen one back. */
import { useEffect, useId, useState } from 'react';
import type { LinkedControl } from '../../../src-shared/domain/evidence';
import { call, complyflow } from '../../api/complyflow';
import { showError } from '../../app/toast-store';

type Found = LinkedControl & { frameworkTitle: string };

export function ControlPicker({ excludeIds, onPick }: { excludeIds: readonly string[]; onPick(control: LinkedControl): void }) {
  const [query, setQuery] = useState('');
  const [found, setFound] = useState<Found[]>([]);
  const listId = useId();

  useEffect(() => {
    let live = true;
    const timer = setTimeout(() => {
      call(complyflow().evidence.searchControls({ query, limit: 8 })).then((r) => live && setFound(r.items), showError);
    }, 150);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [query]);

  const shown = found.filter((c) => !excludeIds.includes(c.id));
  return (
    <div className="control-picker">
      <label>
        Find a control to link
        <input
          type="search"
          value={query}
          placeholder="Label or title, e.g. AC-2"
          aria-controls={listId}
          onChange={(e) => setQuery(e.target.value)}
        />
      </label>
      <ul id={listId} aria-label="Matching controls" className="control-results">
        {shown.length === 0 && (
          <li className="empty-state">
            {found.length === 0 ? 'No controls match. Import a framework first.' : 'All matches are linked.'}
          </li>
        )}
        {shown.map((c) => (
          <li key={c.id}>
            <button type="button" onClick={() => onPick(c)} aria-label={`Link ${c.label} ${c.title}`}>
              Link
            </button>
            <span>
              <strong>{c.label}</strong> {c.title} <span className="muted">· {c.frameworkTitle}</span>
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}
