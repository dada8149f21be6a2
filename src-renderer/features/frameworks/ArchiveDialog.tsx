/**
 * Asks before a framework is archived: what archiving does (hidden from the list and the
 * dashboard, nothing deleted, restorable) and what it does not (controls shared with other
 * baselines keep their implementation). A modal <dialog>: focus stays inside, Escape cancels.
 */
import { useEffect, useRef } from 'react';
import type { FrameworkWithReadiness } from '../../../src-shared/domain/framework';

export function ArchiveDialog({
  framework,
  busy,
  onConfirm,
  onCancel,
}: {
  framework: FrameworkWithReadiness;
  busy: boolean;
  onConfirm(): void;
  onCancel(): void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);
  return (
    <dialog
      ref={ref}
      className="confirm-dialog"
      aria-labelledby="archive-framework-title"
      aria-describedby="archive-framework-text"
      onCancel={(e) => {
        e.preventDefault();
        onCancel();
      }}
    >
      <h2 id="archive-framework-title">Archive {framework.shortName}?</h2>
      <p id="archive-framework-text">
        It leaves the framework list and the dashboard. Nothing is deleted: its {framework.controls} controls, their status, notes
        and evidence stay, and you can restore it from “Show archived”.
      </p>
      <div className="form-actions">
        <button type="button" className="primary" disabled={busy} onClick={onConfirm}>
          {busy ? 'Archiving…' : 'Archive'}
        </button>
        <button type="button" disabled={busy} onClick={onCancel}>
          Cancel
        </button>
      </div>
    </dialog>
  );
}
