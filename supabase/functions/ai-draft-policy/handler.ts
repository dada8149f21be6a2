// POST /functions/v1/ai-draft-policy, after the guard (serveSigned) verified the caller:
// { policyId?, controlIds[] } → the controls' texts, the policy and the org profile read as the
// caller (RLS; never from the body), the rate limit consumed, then OpenAI's streamed answer
// relayed as SSE (README.md). Refusals before the stream are JSON { code, message }.
// The providers come in as deps, so index.ts wires the real ones and tests can inject theirs.
import { json } from '../_shared/http.ts';
import {
  contextFailure,
  draftMessages,
  estimateTokens,
  InputError,
  MAX_OUTPUT_TOKENS,
  parseContext,
  parseDraftRequest,
  sseEvent,
} from './prompt.ts';

/** What the handler needs of the guard's Caller (supabase/functions/_shared/guard.ts). */
export interface DraftCaller {
  orgId: string;
  userId: string;
  body: Uint8Array;
  db: {
    rpc(
      name: string,
      args: Record<string, unknown>,
    ): PromiseLike<{ data: unknown; error: { code?: string; message?: string; hint?: string } | null }>;
  };
}

interface StreamChunk {
  choices?: { delta?: { content?: string | null } }[];
  usage?: { prompt_tokens?: number; completion_tokens?: number; total_tokens?: number } | null;
}

export interface DraftDeps<C extends DraftCaller = DraftCaller> {
  model: string;
  /** openai.chat.completions.create with stream: true (inside the bounded retry). */
  complete(request: Record<string, unknown>, signal: AbortSignal): Promise<AsyncIterable<StreamChunk>>;
  consume(caller: C, request: { kind: 'ai'; estimateTokens: number }): Promise<void>;
  recordUsage(caller: C, usage: { kind: 'ai'; tokens: number }): Promise<void>;
  /** The answer for a provider or quota failure (429 rate_limited, 503 ai_unavailable), or null for our own bug. */
  failureResponse(error: unknown): Response | null;
  log?: (message: string) => void;
}

const SSE_HEADERS = {
  'access-control-allow-origin': '*',
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-store',
  'x-accel-buffering': 'no',
};

export async function handle<C extends DraftCaller>(req: Request, caller: C, deps: DraftDeps<C>): Promise<Response> {
  if (req.method !== 'POST') return json(405, { code: 'method_not_allowed', message: 'Use POST.' });
  let request;
  try {
    request = parseDraftRequest(caller.body);
  } catch (error) {
    if (error instanceof InputError)
      return json(400, { code: 'invalid_input', message: `Invalid draft request: ${error.message}.` });
    throw error;
  }
  const { data, error } = await caller.db.rpc('ai_draft_context', {
    p_org_id: caller.orgId,
    p_control_ids: request.controlIds,
    p_policy_id: request.policyId,
  });
  if (error) {
    const failure = contextFailure(error);
    if (failure.status === 502) deps.log?.(`ai_draft_context failed: ${error.code ?? ''}`);
    return json(failure.status, { code: failure.code, message: failure.message });
  }
  const messages = draftMessages(parseContext(data));
  const estimate = estimateTokens(messages);
  const abort = new AbortController();
  let stream: AsyncIterable<StreamChunk>;
  try {
    await deps.consume(caller, { kind: 'ai', estimateTokens: estimate });
    stream = await deps.complete(
      {
        model: deps.model,
        messages,
        stream: true,
        stream_options: { include_usage: true },
        max_tokens: MAX_OUTPUT_TOKENS,
        temperature: 0.2,
      },
      abort.signal,
    );
  } catch (failure) {
    const answer = deps.failureResponse(failure);
    if (answer) return answer;
    throw failure;
  }

  const encoder = new TextEncoder();
  let received = 0;
  let usageTokens: number | null = null;
  const record = () =>
    deps
      .recordUsage(caller, {
        kind: 'ai',
        tokens: usageTokens ?? Math.ceil(received / 4) + Math.ceil(estimate - MAX_OUTPUT_TOKENS),
      })
      .catch(() => deps.log?.('recording AI usage failed'));
  const body = new ReadableStream<Uint8Array>({
    async start(controller) {
      try {
        for await (const chunk of stream) {
          const text = chunk.choices?.[0]?.delta?.content;
          if (text) {
            received += text.length;
            controller.enqueue(encoder.encode(sseEvent('chunk', { text })));
          }
          if (chunk.usage?.total_tokens !== undefined) usageTokens = chunk.usage.total_tokens;
        }
        await record();
        controller.enqueue(encoder.encode(sseEvent('done', { usage: { total_tokens: usageTokens } })));
      } catch (failure) {
        if (abort.signal.aborted) return;
        await record();
        deps.log?.('the AI stream broke off');
        const message = 'AI is unavailable: the AI provider stopped in the middle of the draft. Try again.';
        controller.enqueue(encoder.encode(sseEvent('error', { code: 'ai_unavailable', message })));
        void failure;
      }
      controller.close();
    },
    // The app cancelled (or went away): stop paying for tokens nobody reads.
    async cancel() {
      abort.abort();
      await record();
    },
  });
  return new Response(body, { status: 200, headers: SSE_HEADERS });
}
