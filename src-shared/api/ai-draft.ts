import { z } from 'zod';
import { AiDraftChunk, AiDraftEnd, AiDraftSaveInput, AiDraftStarted, AiDraftStartInput } from '../domain/ai-draft';
import { Policy } from '../domain/policy';
import { Id } from '../domain/common';
import { method } from './define';

export const aiDraftApi = {
  /**
   * Starts a draft for the policy and controls (needs a connection): answers at once with the
   * draft's id; the text follows as aiDraft.chunk events and one aiDraft.end.
   */
  start: method(AiDraftStartInput, AiDraftStarted),
  /** Stops a draft that is still arriving (its end event says cancelled); a finished one is left alone. */
  cancel: method(z.strictObject({ draftId: Id }), z.object({ cancelled: z.boolean() })),
  /** Saves the accepted text as a new revision marked AI-assisted (in the trail and the history). */
  save: method(AiDraftSaveInput, Policy),
};

export const aiDraftEvents = {
  /** A piece of a draft's text as it arrives from the server. */
  'aiDraft.chunk': AiDraftChunk,
  /** A draft finished, was cancelled or failed. */
  'aiDraft.end': AiDraftEnd,
} as const;
