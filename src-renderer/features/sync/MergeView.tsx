/**
 * Resolves a policy text conflict: the base, their text and yours side by side (lines each side
 * changed are marked by colour and by a "changed" word for screen readers), and an editable
 * result that starts conflict-marked (or as theirs / yours, at a click). Save records the result
 * as a new revision of the policy; Escape or Cancel leaves everything as it was.
 */
import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { createPortal } from 'react-dom';
import type { PolicyConflict } from '../../../src-shared/api/sync';
import { call, complyflow } from '../../api/complyflow';
import { showError } from '../../app/toast-store';
import { formatDateTime } from '../../components/dates';
import { useInFlight } from '../../components/use-in-flight';
import { ActorName } from '../account/ActorName';
import { conflictMarked, hasConflictMarkers, markColumns, type MarkedLine } from './merge-text';

function Column({ title, lines, id }: { title: string; lines: MarkedLine[]; id: string }) {
  return (
    <div className="merge-column">
      <h3 id={id}>{title}</h3>
      <div className="merge-lines" tabIndex={0} role="region" aria-labelledby={id}>
        {lines.map((line, i) => (
          <div key={i} className={line.changed ? 'merge-line merge-changed' : 'merge-line'}>
            <span className="ln" aria-hidden>
              {i + 1}
            </span>
            <span className="text">
              {line.changed && <span className="visually-hidden">changed: </span>}
              {line.text || ' '}
            </span>
          </div>
        ))}
      </div>
    </div>
  );
}

export function MergeView({
  conflict,
  onResolved,
  onCancel,
}: {
  conflict: PolicyConflict;
  onResolved(revisionId: string): void;
  onCancel(): void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const ids = { base: useId(), theirs: useId(), ours: useId() };
  const columns = useMemo(() => markColumns(conflict.base, conflict.theirs, conflict.ours), [conflict]);
  const marked = useMemo(() => conflictMarked(conflict.base, conflict.theirs, conflict.ours), [conflict]);
  const [result, setResult] = useState(marked);
  const [saving, run] = useInFlight();
  const unresolved = hasConflictMarkers(result);

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);

  const save = () =>
    run(async () => {
      if (hasConflictMarkers(result)) return;
      try {
        const saved = await call(complyflow().sync.resolveConflict({ conflictId: conflict.id, body: result }));
        onResolved(saved.revisionId);
      } catch (error) {
        showError(error);
      }
    });

  // Rendered in a portal, but React still bubbles keys to the policy editor's form: Ctrl/Cmd+S
  // here saves the merge, never the policy behind it.
  const onKeyDown = (event: KeyboardEvent) => {
    if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 's') {
      event.preventDefault();
      void save();
    }
    event.stopPropagation();
  };

  return createPortal(
    <dialog
      ref={ref}
      className="merge-dialog"
      aria-modal="true"
      aria-labelledby={titleId}
      onKeyDown={onKeyDown}
      onCancel={(event) => {
        event.preventDefault();
        onCancel();
      }}
    >
      <h2 id={titleId}>Resolve the text of “{conflict.policyTitle}”</h2>
      <p className="muted">
        The same lines were changed on two sides
        {conflict.createdBy && (
          <>
            {' '}
            (by <ActorName actor={conflict.createdBy} />)
          </>
        )}
        , {formatDateTime(conflict.createdAt)}. Lines each side changed are highlighted.
      </p>
      <div className="merge-columns">
        <Column title="Base: the text both started from" lines={columns.base} id={ids.base} />
        <Column title="Theirs: the organization's text" lines={columns.theirs} id={ids.theirs} />
        <Column title="Yours: the text from this side" lines={columns.ours} id={ids.ours} />
      </div>
      <div className="merge-start" role="group" aria-label="Start the result from">
        <span>Start the result from:</span>
        <button type="button" onClick={() => setResult(marked)}>
          Both, with conflict markers
        </button>
        <button type="button" onClick={() => setResult(conflict.theirs)}>
          Theirs
        </button>
        <button type="button" onClick={() => setResult(conflict.ours)}>
          Yours
        </button>
      </div>
      <label className="merge-result">
        Merged text
        <textarea value={result} rows={14} spellCheck onChange={(e) => setResult(e.target.value)} />
      </label>
      <div className="form-actions">
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="button" className="primary" disabled={saving || unresolved} onClick={() => void save()}>
          {saving ? 'Saving…' : 'Save merged text'}
        </button>
        {unresolved && (
          <span className="merge-hint" role="note">
            Choose between the versions inside the markers (“&lt;&lt;&lt;&lt;&lt;&lt;&lt; yours” … “&gt;&gt;&gt;&gt;&gt;&gt;&gt;
            theirs”) and remove the marker lines to save.
          </span>
        )}
      </div>
    </dialog>,
    document.body,
  );
}
