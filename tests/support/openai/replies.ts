// What the OpenAI stand-in answers with: chat.completion objects, chat.completion.chunk SSE
// frames and error bodies shaped as the Chat Completions API shapes them (the unmodified `openai`
// SDK parses them in tests/integration/openai-stand-in.test.ts).
import { randomBytes } from 'node:crypto';

export interface ChatMessage {
  role: string;
  content?: unknown;
}

export interface JsonSchemaFormat {
  type: 'json_schema';
  json_schema: { name: string; schema: Record<string, unknown>; strict?: boolean | null };
}

/** The request body a client sends to POST /v1/chat/completions (the parts the stand-in reads). */
export interface ChatRequest {
  model: string;
  messages: ChatMessage[];
  stream?: boolean;
  stream_options?: { include_usage?: boolean } | null;
  response_format?: { type: 'text' } | { type: 'json_object' } | JsonSchemaFormat;
  [key: string]: unknown;
}

export interface Usage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
}

/** A scripted answer: text, or a value serialised as the JSON content of a structured output. */
export type ReplyContent =
  | { content: string; finishReason?: 'stop' | 'length' | 'content_filter'; usage?: Partial<Usage>; unchecked?: boolean }
  | { json: unknown; finishReason?: 'stop' | 'length' | 'content_filter'; usage?: Partial<Usage>; unchecked?: boolean };

/** About four characters a token, as OpenAI's own rule of thumb for English text. */
export const estimateTokens = (text: string): number => Math.max(1, Math.ceil(text.length / 4));

export function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content
      .map((part) => (part && typeof part === 'object' && 'text' in part ? String((part as { text: unknown }).text) : ''))
      .join('');
  }
  return '';
}

export function usageFor(request: ChatRequest, completion: string, override: Partial<Usage> = {}): Usage {
  const prompt = override.prompt_tokens ?? estimateTokens(request.messages.map((m) => textOf(m.content)).join('\n'));
  const completionTokens = override.completion_tokens ?? estimateTokens(completion);
  return { prompt_tokens: prompt, completion_tokens: completionTokens, total_tokens: prompt + completionTokens };
}

const completionId = () => `chatcmpl-${randomBytes(15).toString('base64url')}`;
const FINGERPRINT = 'fp_standin01';

export function completionBody(request: ChatRequest, content: string, finishReason: string, usage: Usage) {
  return {
    id: completionId(),
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: request.model,
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content, refusal: null, annotations: [] },
        logprobs: null,
        finish_reason: finishReason,
      },
    ],
    usage: {
      ...usage,
      prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
      completion_tokens_details: {
        reasoning_tokens: 0,
        audio_tokens: 0,
        accepted_prediction_tokens: 0,
        rejected_prediction_tokens: 0,
      },
    },
    service_tier: 'default',
    system_fingerprint: FINGERPRINT,
  };
}

/** Splits text into the small pieces a streamed answer arrives in (a word and its space each). */
export function pieces(content: string): string[] {
  return content.match(/\S+\s*|\s+/g) ?? [];
}

/**
 * The SSE frames of a streamed answer: a first chunk with the role, one chunk per piece, a last
 * choice chunk with finish_reason and an empty delta, then (include_usage) a chunk with no choices
 * and the usage, then [DONE]. Every chunk carries `usage: null` when usage was asked for.
 */
export function streamFrames(request: ChatRequest, content: string, finishReason: string, usage: Usage): string[] {
  const id = completionId();
  const created = Math.floor(Date.now() / 1000);
  const withUsage = request.stream_options?.include_usage === true;
  const chunk = (choices: unknown[], extra: Record<string, unknown> = {}) => ({
    id,
    object: 'chat.completion.chunk',
    created,
    model: request.model,
    service_tier: 'default',
    system_fingerprint: FINGERPRINT,
    choices,
    ...(withUsage ? { usage: null } : {}),
    ...extra,
  });
  const choice = (delta: Record<string, unknown>, finish: string | null = null) => ({
    index: 0,
    delta,
    logprobs: null,
    finish_reason: finish,
  });
  const frames = [chunk([choice({ role: 'assistant', content: '', refusal: null })])];
  for (const piece of pieces(content)) frames.push(chunk([choice({ content: piece })]));
  frames.push(chunk([choice({}, finishReason)]));
  if (withUsage) frames.push(chunk([], { usage }));
  return [...frames.map((f) => `data: ${JSON.stringify(f)}\n\n`), 'data: [DONE]\n\n'];
}

export interface ErrorReply {
  status: 400 | 401 | 403 | 404 | 429 | 500 | 502 | 503;
  message?: string;
  type?: string;
  code?: string | null;
  param?: string | null;
  /** Seconds, sent as `retry-after`. */
  retryAfter?: number;
  /** Milliseconds, sent as `retry-after-ms` (OpenAI sends both on rate limits). */
  retryAfterMs?: number;
}

const errorDefaults: Record<number, { message: string; type: string; code: string | null }> = {
  400: { message: 'Invalid request.', type: 'invalid_request_error', code: null },
  401: {
    message: 'Incorrect API key provided. You can find your API key at https://platform.openai.com/account/api-keys.',
    type: 'invalid_request_error',
    code: 'invalid_api_key',
  },
  403: { message: 'You are not allowed to use this model.', type: 'invalid_request_error', code: 'model_not_found' },
  404: {
    message: 'The model does not exist or you do not have access to it.',
    type: 'invalid_request_error',
    code: 'model_not_found',
  },
  429: {
    message: 'Rate limit reached for requests. Please try again in 1s.',
    type: 'requests',
    code: 'rate_limit_exceeded',
  },
  500: {
    message: 'The server had an error while processing your request. Sorry about that!',
    type: 'server_error',
    code: null,
  },
  502: { message: 'Bad gateway.', type: 'server_error', code: null },
  503: { message: 'The engine is currently overloaded, please try again later.', type: 'server_error', code: null },
};

export function errorBody(reply: ErrorReply) {
  const d = errorDefaults[reply.status] ?? errorDefaults[500]!;
  return {
    error: {
      message: reply.message ?? d.message,
      type: reply.type ?? d.type,
      param: reply.param ?? null,
      code: reply.code === undefined ? d.code : reply.code,
    },
  };
}
