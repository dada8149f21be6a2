/**
 * AI policy drafts (issue 10): the person picks controls, the draft streams in as text chunks
 * (events aiDraft.chunk, then aiDraft.end), and the text the person accepts (whole or hunk by
 * hunk) is saved as a new revision marked AI-assisted.
 */
import { z } from 'zod';
import { Id, longText } from './common';

export const AI_DRAFT_CONTROLS_MAX = 50;

export const AiDraftStartInput = z.strictObject({
  policyId: Id,
  controlIds: z
    .array(Id)
    .min(1, 'Choose at least one control.')
    .max(AI_DRAFT_CONTROLS_MAX, `Choose at most ${AI_DRAFT_CONTROLS_MAX} controls for one draft.`),
});

export const AiDraftStarted = z.object({ draftId: Id });

export const AiDraftSaveInput = z.strictObject({
  policyId: Id,
  /** The draft the text came from (it must have finished). */
  draftId: Id,
  /** The body the person accepted: the current body with the accepted hunks applied. */
  body: longText(),
  /** The revision the diff was made against (null: a policy pulled without one); a newer one means a stale save (CONFLICT). */
  baseRevisionId: Id.nullable(),
});

/** A piece of the draft's text, in order (`index` counts from 0 per draft). */
export const AiDraftChunk = z.object({ draftId: Id, index: z.int().min(0), text: z.string() });

/** How a draft ended: complete, cancelled by the person, or failed (message in words). */
export const AiDraftEnd = z.object({
  draftId: Id,
  outcome: z.enum(['done', 'cancelled', 'failed']),
  message: z.string().nullable(),
  /** The whole text received (so a window that missed chunks still has the draft). */
  text: z.string(),
});
export type AiDraftChunk = z.infer<typeof AiDraftChunk>;
export type AiDraftEnd = z.infer<typeof AiDraftEnd>;
