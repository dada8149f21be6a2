/**
 * One AI draft as it arrives: the core's aiDraft.chunk events appended in order (by index, so a
 * late or repeated event cannot scramble the text), and its aiDraft.end. The listener is on
 * from mount, before aiDraft.start answers: the first chunks can arrive before the draft's id
 * does, so every draft's chunks are kept and the one asked for is shown.
 */
import { useEffect, useRef, useState } from 'react';
import type { AiDraftEnd } from '../../../../src-shared/domain/ai-draft';
import { complyflow } from '../../../api/complyflow';

export interface DraftStream {
  text: string;
  end: AiDraftEnd | null;
}

export function useDraftStream(draftId: string | null): DraftStream {
  const seen = useRef(new Map<string, { pieces: string[]; end: AiDraftEnd | null }>());
  const [, setTick] = useState(0);

  useEffect(() => {
    const entry = (id: string) => {
      let e = seen.current.get(id);
      if (!e) seen.current.set(id, (e = { pieces: [], end: null }));
      return e;
    };
    const offChunk = complyflow().events.on('aiDraft.chunk', (chunk) => {
      entry(chunk.draftId).pieces[chunk.index] = chunk.text;
      setTick((n) => n + 1);
    });
    const offEnd = complyflow().events.on('aiDraft.end', (end) => {
      entry(end.draftId).end = end;
      setTick((n) => n + 1);
    });
    return () => {
      offChunk();
      offEnd();
    };
  }, []);

  const current = draftId ? seen.current.get(draftId) : undefined;
  if (!current) return { text: '', end: null };
  return current.end ? { text: current.end.text, end: current.end } : { text: current.pieces.join(''), end: null };
}
