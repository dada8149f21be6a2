/**
 * AI policy drafts in the core: start asks ai-draft-policy (a signed call through
 * deps.functions) and, once the server accepted, relays the streamed text to every window as
 * aiDraft.chunk events and one aiDraft.end; cancel aborts the request; save writes the text the
 * person accepted as a new revision marked AI-assisted. Drafts live in memory only: a draft
 * the person never saved leaves nothing behind.
 */
import { randomUUID } from 'node:crypto';
import type { ApiHandlers } from '../../../../src-shared/api';
import { AppError, ErrorCode } from '../../../../src-shared/errors';
import type { CoreDeps } from '../../deps';
import { createPoliciesService } from '../../policies/policies-service';
import { failureOf, NEEDS_CONNECTION } from './draft-errors';
import { draftEvents } from './draft-stream';

interface Draft {
  policyId: string;
  controller: AbortController;
  text: string;
  outcome: 'streaming' | 'done' | 'cancelled' | 'failed';
}

/** Finished drafts kept for save: enough for a few windows, never a growing pile. */
const KEPT_DRAFTS = 20;

export function aiDraftHandlers(deps: CoreDeps): ApiHandlers['aiDraft'] {
  const policies = createPoliciesService(deps);
  const drafts = new Map<string, Draft>();

  const forget = () => {
    for (const [id, draft] of drafts) {
      if (drafts.size <= KEPT_DRAFTS) break;
      if (draft.outcome !== 'streaming') drafts.delete(id);
    }
  };

  async function relay(draftId: string, draft: Draft, body: ReadableStream<Uint8Array>) {
    let index = 0;
    const end = (outcome: Draft['outcome'] & ('done' | 'cancelled' | 'failed'), message: string | null) => {
      draft.outcome = outcome;
      deps.emit('aiDraft.end', { draftId, outcome, message, text: draft.text });
    };
    try {
      for await (const event of draftEvents(body)) {
        if (event.kind === 'chunk') {
          draft.text += event.text;
          deps.emit('aiDraft.chunk', { draftId, index: index++, text: event.text });
        } else if (event.kind === 'done') {
          return end('done', null);
        } else {
          return end('failed', event.message);
        }
      }
      end(
        draft.controller.signal.aborted ? 'cancelled' : 'failed',
        draft.controller.signal.aborted ? null : 'The draft was cut off before it was complete. Try again.',
      );
    } catch (error) {
      if (draft.controller.signal.aborted) return end('cancelled', null);
      deps.log.error('ai draft stream failed', error);
      end('failed', error instanceof AppError ? error.message : 'The connection broke while the draft arrived. Try again.');
    }
  }

  return {
    async start({ policyId, controlIds }) {
      policies.get(policyId); // NOT_FOUND in words before anything is sent
      if (!deps.functions) throw new AppError(ErrorCode.Offline, NEEDS_CONNECTION);
      const controller = new AbortController();
      let response: Response;
      try {
        response = await deps.functions.call({
          name: 'ai-draft-policy',
          body: { policyId, controlIds },
          signal: controller.signal,
        });
      } catch (error) {
        if (error instanceof AppError && error.code === ErrorCode.Offline)
          throw new AppError(ErrorCode.Offline, NEEDS_CONNECTION);
        throw error;
      }
      if (response.status !== 200 || !response.body) throw await failureOf(response);
      const draftId = randomUUID();
      const draft: Draft = { policyId, controller, text: '', outcome: 'streaming' };
      drafts.set(draftId, draft);
      forget();
      void relay(draftId, draft, response.body);
      return { draftId };
    },

    cancel({ draftId }) {
      const draft = drafts.get(draftId);
      if (!draft || draft.outcome !== 'streaming') return { cancelled: false };
      draft.controller.abort();
      return { cancelled: true };
    },

    save({ policyId, draftId, body, baseRevisionId }, ctx) {
      const draft = drafts.get(draftId);
      if (!draft || draft.policyId !== policyId) {
        throw new AppError(
          ErrorCode.NotFound,
          'That AI draft is no longer here (the app restarted, or it was for another policy). Draft again.',
        );
      }
      if (draft.outcome !== 'done') {
        throw new AppError(ErrorCode.Conflict, 'The AI draft is not complete: wait until it has arrived, or draft again.');
      }
      const policy = policies.update({ id: policyId, body, baseRevisionId, minor: false }, ctx.actor, { aiAssisted: true });
      drafts.delete(draftId);
      deps.changed('policies', [policy.id]);
      if (policy.currentRevisionId) deps.changed('policy_revisions', [policy.currentRevisionId]);
      return policy;
    },
  };
}
