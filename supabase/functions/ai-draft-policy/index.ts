// POST /functions/v1/ai-draft-policy: a first draft of a policy for chosen controls and the
// org's profile, streamed as SSE (README.md). The guard verifies the signed request; this file
// only wires the real providers into the handler.
import { serveSigned, type Caller } from '../_shared/guard.ts';
import { AiUnavailable, aiUnavailableResponse, openaiClient, openaiModel, withRetryAfter } from '../_shared/openai.ts';
import { consume, RateLimited, recordUsage } from '../_shared/rate-limit.ts';
import { handle } from './handler.ts';

Deno.serve(
  serveSigned((req: Request, caller: Caller) =>
    handle(req, caller, {
      model: openaiModel(),
      complete: (request, signal) =>
        withRetryAfter(
          () =>
            openaiClient().chat.completions.create(request as never, { signal }) as unknown as Promise<
              AsyncIterable<{ choices?: { delta?: { content?: string | null } }[] }>
            >,
        ),
      consume: (c, request) => consume(c, request),
      recordUsage: (c, usage) => recordUsage(c, usage),
      failureResponse(error) {
        if (error instanceof AiUnavailable) return aiUnavailableResponse(error);
        if (error instanceof RateLimited) return error.response();
        return null;
      },
      log: (message) => console.error(`ai-draft-policy: ${message}`),
    }),
  ),
);
