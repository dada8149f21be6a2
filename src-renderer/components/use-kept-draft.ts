/**
 * Unsaved edits survive a reload, a crash or a closed window: while an editor is dirty its draft
 * is written to this window's local storage (debounced), and when the record is opened again a
 * kept draft that differs from the saved record is offered back. Saving or discarding forgets it.
 * The draft names the revision it was typed on, so the offer can say when the record has changed
 * since.
 */
import { useEffect, useState } from 'react';

const PREFIX = 'complyflow.draft.';
const WRITE_DELAY_MS = 400;

export interface KeptDraft<D> {
  draft: D;
  /** The saved version the draft was typed on (a revision id), to notice a newer save. */
  base: string | null;
  keptAt: string;
}

function read<D>(key: string): KeptDraft<D> | null {
  try {
    const text = localStorage.getItem(PREFIX + key);
    return text ? (JSON.parse(text) as KeptDraft<D>) : null;
  } catch {
    return null;
  }
}

export function forgetDraft(key: string): void {
  try {
    localStorage.removeItem(PREFIX + key);
  } catch {
    // Storage unavailable: nothing was kept.
  }
}

/**
 * Keeps `draft` under `key` while `dirty`; answers the draft kept from an earlier session (once,
 * when the record loads) so the editor can offer it back.
 */
export function useKeptDraft<D>(key: string, draft: D | null, dirty: boolean, base: string | null, loaded: boolean) {
  const [offer, setOffer] = useState<KeptDraft<D> | null>(null);

  useEffect(() => {
    if (!loaded) return;
    const kept = read<D>(key);
    setOffer(kept && JSON.stringify(kept.draft) !== JSON.stringify(draft) ? kept : null);
    // Only when the record (key) loads, not on every keystroke.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, loaded]);

  useEffect(() => {
    if (!dirty || draft === null) return;
    const timer = setTimeout(() => {
      try {
        localStorage.setItem(PREFIX + key, JSON.stringify({ draft, base, keptAt: new Date().toISOString() }));
      } catch {
        // Storage full or unavailable: the unsaved-changes prompt still guards the edit.
      }
    }, WRITE_DELAY_MS);
    return () => clearTimeout(timer);
  }, [key, draft, dirty, base]);

  return {
    offer,
    dismiss: () => {
      forgetDraft(key);
      setOffer(null);
    },
    taken: () => setOffer(null),
  };
}
