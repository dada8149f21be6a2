/**
 * "Draft with AI" for one policy: pick the controls, watch the draft arrive (sanitized markdown,
 * cancellable), then review it against the current body hunk by hunk and save what was
 * accepted as a new revision marked AI-assisted. A modal <dialog>: Escape cancels a draft in
 * flight and closes; every step works by keyboard (checkboxes, buttons, Tab order).
 */
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import type { LinkedControl, Policy } from '../../../../src-shared/domain/policy';
import { call, complyflow } from '../../../api/complyflow';
import { showError } from '../../../app/toast-store';
import { useInFlight } from '../../../components/use-in-flight';
import { MarkdownPreview } from '../../policies/MarkdownPreview';
import { applyHunks, draftDiff } from './draft-hunks';
import { DraftControlPicker } from './DraftControlPicker';
import { DraftDiff } from './DraftDiff';
import { useDraftStream } from './use-draft-stream';
import './ai-draft.css';

export function AiDraftDialog({ policy, onSaved, onClose }: { policy: Policy; onSaved(policy: Policy): void; onClose(): void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const [chosen, setChosen] = useState<Map<string, LinkedControl>>(new Map());
  const [draftId, setDraftId] = useState<string | null>(null);
  const [starting, runStart] = useInFlight();
  const [saving, runSave] = useInFlight();
  const [startError, setStartError] = useState<string | null>(null);
  const stream = useDraftStream(draftId);
  const done = stream.end?.outcome === 'done';
  const diff = useMemo(() => (done ? draftDiff(policy.body, stream.text) : null), [done, policy.body, stream.text]);
  const [accepted, setAccepted] = useState<Set<number>>(new Set());

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);
  // A finished draft starts with every change accepted: unticking is the person's choice.
  useEffect(() => setAccepted(new Set(diff?.hunks.map((h) => h.index) ?? [])), [diff]);

  const streaming = draftId !== null && stream.end === null;
  const cancel = () => {
    if (streaming && draftId) void call(complyflow().aiDraft.cancel({ draftId })).catch(showError);
  };
  const close = () => {
    cancel();
    onClose();
  };

  const start = () =>
    runStart(async () => {
      setStartError(null);
      try {
        const { draftId: id } = await call(complyflow().aiDraft.start({ policyId: policy.id, controlIds: [...chosen.keys()] }));
        setDraftId(id);
      } catch (error) {
        setStartError(error instanceof Error ? error.message : String(error));
      }
    });

  const save = () =>
    runSave(async () => {
      if (!diff || !draftId) return;
      try {
        const saved = await call(
          complyflow().aiDraft.save({
            policyId: policy.id,
            draftId,
            body: applyHunks(diff, accepted),
            baseRevisionId: policy.currentRevisionId,
          }),
        );
        onSaved(saved);
      } catch (error) {
        showError(error);
      }
    });

  const phase = draftId === null ? 'pick' : !stream.end ? 'streaming' : done ? 'review' : 'ended';

  return createPortal(
    <dialog
      ref={ref}
      className="ai-draft-dialog"
      aria-modal="true"
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        close();
      }}
    >
      <div className="ai-draft-body">
        <h2 id={titleId}>Draft “{policy.title}” with AI</h2>
        {phase === 'pick' && (
          <>
            <p className="muted">
              The draft is written from the chosen controls and your organization’s profile (Settings → Organization profile). It
              is a starting point: you choose what to keep, and it is saved as a new revision marked AI-assisted.
            </p>
            <DraftControlPicker policyId={policy.id} chosen={chosen} onChange={setChosen} />
            {startError && (
              <p role="alert" className="error-text">
                {startError}
              </p>
            )}
          </>
        )}
        {(phase === 'streaming' || phase === 'ended') && (
          <section
            aria-label="Draft as it arrives"
            aria-busy={phase === 'streaming'}
            className="ai-draft-stream"
            data-testid="ai-draft-stream"
          >
            <MarkdownPreview source={stream.text} />
            <p
              aria-live="polite"
              className={phase === 'ended' ? 'error-text' : 'muted'}
              role={phase === 'ended' ? 'alert' : undefined}
            >
              {phase === 'streaming'
                ? 'Drafting…'
                : stream.end?.outcome === 'cancelled'
                  ? 'Drafting stopped. Nothing was saved.'
                  : `${stream.end?.message ?? 'The draft failed.'} Nothing was saved.`}
            </p>
          </section>
        )}
        {phase === 'review' && diff && (
          <section aria-label="Review the draft" className="ai-draft-review">
            <p aria-live="polite">
              The draft is complete: {diff.hunks.length} change{diff.hunks.length === 1 ? '' : 's'} against the current text.
              Accept the ones to keep.
            </p>
            <DraftDiff diff={diff} accepted={accepted} onChange={setAccepted} />
            <details>
              <summary>Preview the text to be saved</summary>
              <MarkdownPreview source={applyHunks(diff, accepted)} />
            </details>
          </section>
        )}
        <div className="form-actions">
          {phase === 'streaming' ? (
            <button type="button" onClick={cancel}>
              Stop drafting
            </button>
          ) : (
            <button type="button" onClick={close}>
              {phase === 'review' ? 'Discard draft' : 'Close'}
            </button>
          )}
          {phase === 'pick' && (
            <button
              type="button"
              className="primary"
              disabled={chosen.size === 0 || starting}
              aria-busy={starting || undefined}
              onClick={() => void start()}
            >
              {starting ? 'Asking…' : 'Draft'}
            </button>
          )}
          {phase === 'ended' && (
            <button type="button" onClick={() => setDraftId(null)}>
              Try again
            </button>
          )}
          {phase === 'review' && (
            <button
              type="button"
              className="primary"
              disabled={accepted.size === 0 || saving}
              aria-busy={saving || undefined}
              onClick={() => void save()}
            >
              {saving ? 'Saving…' : `Save ${accepted.size} accepted change${accepted.size === 1 ? '' : 's'} as a new revision`}
            </button>
          )}
        </div>
      </div>
    </dialog>,
    document.body,
  );
}
