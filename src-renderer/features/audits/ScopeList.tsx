/**
 * The audit's scope as a virtualized listbox: only visible rows are in the DOM, the page at the
 * offset shown loads, and the current control stays scrolled into view as J/K move through it.
 */
import { forwardRef } from 'react';
import { VirtualListbox } from '../../components/VirtualListbox';
import { useFieldwork } from './fieldwork-store';
import { RESULT_LABELS } from './labels';

/** Two lines: label, counts and result; then the title (one line, ellipsis). */
const ROW_HEIGHT = 56;

/** Keys are not handled here: the fieldwork view moves through the scope (J/K, arrows). */
export const ScopeList = forwardRef<HTMLDivElement>(function ScopeList(_props, ref) {
  const { items, total, index, want, select, filter, audit } = useFieldwork();
  const filtered = filter.query.trim() !== '' || filter.result !== null;
  const inScope = audit?.progress.inScope ?? total;
  return (
    <VirtualListbox
      className="scope-list"
      header={
        <p className="list-count" aria-live="polite">
          {filtered
            ? `${total} of ${inScope} ${inScope === 1 ? 'control' : 'controls'} match`
            : `${total} ${total === 1 ? 'control' : 'controls'} in scope`}
        </p>
      }
      listboxRef={ref}
      aria-label="Controls in scope"
      keys="none"
      followSelection
      items={items}
      rowHeight={ROW_HEIGHT}
      getId={(item) => item.controlId}
      idPrefix="scope"
      selectedId={items[index]?.controlId ?? null}
      onSelect={(_item, i) => void select(i)}
      onRange={want}
      rowClassName={() => 'scope-row'}
      rowTitle={(item) => `${item.label} ${item.title}`}
      renderRow={(item) => (
        <>
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
          <span className={`badge result-${item.result ?? 'untested'}`}>
            {item.result ? RESULT_LABELS[item.result] : 'No result'}
          </span>
          <span className="scope-title">{item.title}</span>
        </>
      )}
    />
  );
});
