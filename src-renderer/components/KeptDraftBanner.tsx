/**
 * The offer of unsaved edits kept from an earlier session (use-kept-draft.ts): restore them into
 * the editor, still unsaved, or discard them for good. Says so when the record was saved since
 * the edits were typed, so they are compared before they replace the newer save.
 */
import { formatDateTime } from './dates';
import type { KeptDraft } from './use-kept-draft';
import './kept-draft.css';

export function KeptDraftBanner<D>({
  offer,
  savedSince,
  what,
  onRestore,
  onDiscard,
}: {
  offer: KeptDraft<D>;
  /** True when the record was saved after the kept edits were typed. */
  savedSince: boolean;
  /** The record in words ("policy", "control"), for "The policy has been saved since". */
  what: string;
  onRestore(draft: D): void;
  onDiscard(): void;
}) {
  return (
    <div className="kept-draft" role="region" aria-label="Unsaved changes kept">
      <p>
        Changes you had not saved ({formatDateTime(offer.keptAt)}) were kept.
        {savedSince && ` The ${what} has been saved since; compare before you save.`}
      </p>
      <button type="button" className="primary" onClick={() => onRestore(offer.draft)}>
        Restore unsaved changes
      </button>
      <button type="button" onClick={onDiscard}>
        Discard them
      </button>
    </div>
  );
}
