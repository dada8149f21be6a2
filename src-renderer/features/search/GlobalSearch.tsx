/**
 * One search box across policies, controls, evidence, findings, audits and test notes. Ctrl+K (⌘K) focuses it from
 * anywhere; results show grouped by kind with counts; arrow keys move through them and Enter
 * opens one. Mount it once in the layout header (or at the top of a page).
 */
import { Search } from 'lucide-react';
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import type { SearchGroup, SearchHit, SearchKind } from '../../../src-shared/domain/search';
import { call, complyflow } from '../../api/complyflow';
import { useRouter, type Screen } from '../../app/router-store';
import { openAtControl } from '../audits/fieldwork-store';
import { Highlight } from './highlight';
import './search.css';

const KIND_LABELS: Record<SearchKind, string> = {
  policy: 'Policies',
  control: 'Controls',
  evidence: 'Evidence',
  finding: 'Findings',
  audit: 'Audits',
  note: 'Test notes',
};
const DEBOUNCE_MS = 150;

/**
 * Where a hit opens: findings and test notes open their audit's fieldwork on their control;
 * controls open their framework.
 */
function target(hit: SearchHit, here: { screen: Screen; id: string | null }): [Screen, string | null] {
  const onControl = () => {
    if (hit.auditId && hit.controlId)
      openAtControl(hit.auditId, hit.controlId, here.screen === 'audits' && here.id === hit.auditId);
  };
  switch (hit.kind) {
    case 'audit':
      return ['audits', hit.id];
    case 'note':
      onControl();
      return ['audits', hit.auditId];
    case 'policy':
      return ['policies', hit.id];
    case 'evidence':
      return ['evidence', hit.id];
    case 'finding':
      onControl();
      return ['audits', hit.auditId];
    case 'control':
      return ['frameworks', hit.frameworkId];
  }
}

export function GlobalSearch() {
  const [query, setQuery] = useState('');
  const [groups, setGroups] = useState<SearchGroup[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [active, setActive] = useState(0);
  const [open, setOpen] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);
  const rootRef = useRef<HTMLDivElement>(null);
  const listId = useId();
  const { go } = useRouter();
  const hits = useMemo(() => (groups ?? []).flatMap((g) => g.hits), [groups]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'k') {
        event.preventDefault();
        inputRef.current?.focus();
        inputRef.current?.select();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  useEffect(() => {
    // Only the start is trimmed: a trailing space finishes the last word (whole-word match).
    const text = query.trimStart();
    if (!text.trim()) {
      setGroups(null);
      setError(null);
      return;
    }
    let current = true;
    const timer = setTimeout(() => {
      call(complyflow().search.all({ query: text, limitPerKind: 8 })).then(
        (out) => {
          if (!current) return;
          setGroups(out.groups);
          setError(null);
          setActive(0);
        },
        (e: Error) => current && setError(e.message),
      );
    }, DEBOUNCE_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [query]);

  const openHit = (hit: SearchHit) => {
    const [screen, id] = target(hit, useRouter.getState());
    go(screen, id);
    setOpen(false);
  };

  const onKeyDown = (event: React.KeyboardEvent) => {
    if (event.key === 'Escape') {
      setOpen(false);
      return;
    }
    if (!hits.length) return;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      setOpen(true);
      setActive((i) => (i + (event.key === 'ArrowDown' ? 1 : hits.length - 1)) % hits.length);
    } else if (event.key === 'Enter') {
      event.preventDefault();
      const hit = hits[active];
      if (hit) openHit(hit);
    }
  };

  const showResults = open && query.trim().length > 0;
  let index = -1;
  return (
    <div
      className="global-search"
      role="search"
      ref={rootRef}
      onBlur={(event) => {
        if (!rootRef.current?.contains(event.relatedTarget as Node | null)) setOpen(false);
      }}
    >
      <label className="global-search-box">
        <Search aria-hidden size={16} />
        <span className="visually-hidden">Search everything</span>
        <input
          ref={inputRef}
          type="search"
          placeholder="Search policies, controls, evidence, audits (Ctrl+K)"
          value={query}
          role="combobox"
          aria-expanded={showResults}
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={showResults && hits[active] ? `${listId}-${active}` : undefined}
          onChange={(e) => {
            setQuery(e.target.value);
            setOpen(true);
          }}
          onFocus={() => setOpen(true)}
          onKeyDown={onKeyDown}
        />
      </label>
      {showResults && (
        <div className="global-search-results" id={listId} role="listbox" aria-label="Search results">
          {error && (
            <p className="error-text" role="alert">
              Search failed: {error}
            </p>
          )}
          {groups && groups.length === 0 && <p className="empty-state">Nothing matches “{query.trim()}”.</p>}
          {groups?.map((group) => (
            <div
              key={group.kind}
              role="group"
              aria-label={`${KIND_LABELS[group.kind]} (${group.capped ? `${group.count}+` : group.count})`}
            >
              <p className="global-search-kind" aria-hidden>
                {KIND_LABELS[group.kind]} <span className="badge">{group.capped ? `${group.count}+` : group.count}</span>
              </p>
              {group.hits.map((hit) => {
                index++;
                const mine = index;
                return (
                  <div
                    key={`${hit.kind}-${hit.id}`}
                    id={`${listId}-${mine}`}
                    role="option"
                    aria-selected={mine === active}
                    className="global-search-hit"
                    tabIndex={-1}
                    onMouseDown={(e) => e.preventDefault()}
                    onClick={() => openHit(hit)}
                    onMouseEnter={() => setActive(mine)}
                  >
                    <span className="global-search-title">
                      {hit.label && <span className="global-search-label">{hit.label}</span>} {hit.title}
                      {hit.frameworkTitle && <span className="global-search-framework"> · {hit.frameworkTitle}</span>}
                      {hit.auditTitle && <span className="global-search-framework"> · {hit.auditTitle}</span>}
                    </span>
                    {hit.snippet && (
                      <span className="global-search-snippet">
                        <Highlight text={hit.snippet} />
                      </span>
                    )}
                  </div>
                );
              })}
            </div>
          ))}
        </div>
      )}
    </div>
  );
}
