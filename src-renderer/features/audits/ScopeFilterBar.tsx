/**
 * Search and result filter over the audit's scope (a 287-control scope is walked a family or a
 * state at a time). The search waits for a pause in typing; Escape in the box returns to the list.
 */
import { useEffect, useState } from 'react';
import type { ScopeResultFilter } from '../../../src-shared/domain/audit';
import { useFieldwork } from './fieldwork-store';
import { RESULT_LABELS } from './labels';

const DEBOUNCE_MS = 200;

const SHOW: Record<ScopeResultFilter | 'all', string> = {
  all: 'All controls',
  untested: 'No result yet',
  pass: RESULT_LABELS.pass,
  fail: RESULT_LABELS.fail,
  not_tested: RESULT_LABELS.not_tested,
  not_applicable: RESULT_LABELS.not_applicable,
};

export function ScopeFilterBar() {
  const { filter, setFilter } = useFieldwork();
  const [query, setQuery] = useState(filter.query);

  useEffect(() => {
    if (query === useFieldwork.getState().filter.query) return;
    const timer = setTimeout(() => void setFilter({ ...useFieldwork.getState().filter, query }), DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [query, setFilter]);

  return (
    <div className="scope-filter" role="search" aria-label="Filter the scope">
      <label>
        <span className="visually-hidden">Search controls in scope</span>
        <input
          type="search"
          placeholder="Search controls in scope"
          value={query}
          maxLength={200}
          onChange={(e) => setQuery(e.target.value)}
        />
      </label>
      <label>
        <span className="visually-hidden">Show</span>
        <select
          aria-label="Show"
          value={filter.result ?? 'all'}
          onChange={(e) => {
            const value = e.target.value as ScopeResultFilter | 'all';
            void setFilter({ query, result: value === 'all' ? null : value });
          }}
        >
          {(Object.keys(SHOW) as (keyof typeof SHOW)[]).map((key) => (
            <option key={key} value={key}>
              {SHOW[key]}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}
