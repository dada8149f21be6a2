/**
 * One AI draft as it arrives: the core's aiDraft.chunk events appended in order (by index, so a
 * late or repeated event cannot scramble the text), and its aiDraft.end. Listens only to the
 * draft it was given.
 */
import { useEffect, useState } from 'react';
import type { AiDraftEnd } from '../../../../src-shared/domain/ai-draft';
import { complyflow } from '../../../api/complyflow';

export interface DraftStream {
  text: string;
  end: AiDraftEnd | null;
}

export function useDraftStream(draftId: string | null): DraftStream {
  const [state, setState] = useState<DraftStream>({ text: '', end: null });
  useEffect(() => {
    setState({ text: '', end: null });
    if (!draftId) return;
    const pieces: string[] = [];
    const offChunk = complyflow().events.on('aiDraft.chunk', (chunk) => {
      if (chunk.draftId !== draftId) return;
      pieces[chunk.index] = chunk.text;
      setState((s) => (s.end ? s : { ...s, text: pieces.join('') }));
    });
    const offEnd = complyflow().events.on('aiDraft.end', (end) => {
      if (end.draftId === draftId) setState({ text: end.text, end });
    });
    return () => {
      offChunk();
      offEnd();
    };
  }, [draftId]);
  return state;
}
