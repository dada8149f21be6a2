// The one way a function talks to OpenAI: the official SDK, key and base URL from checked
// secrets (tests point OPENAI_BASE_URL at tests/support/openai), and our own bounded retry that
// honours retry-after instead of the SDK's (maxRetries 0), so a function never waits longer than
// the app's request can. Whatever still fails becomes AiUnavailable: 503 in words, never the
// provider's own message (it can quote part of the key).
import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'npm:openai';
import { requireEnv } from './env.ts';
import { json } from './http.ts';

type Env = { get(name: string): string | undefined };

export function openaiClient(env: Env = Deno.env, options: { fetch?: typeof fetch; timeoutMs?: number } = {}): OpenAI {
  return new OpenAI({
    apiKey: requireEnv('OPENAI_API_KEY', env),
    baseURL: requireEnv('OPENAI_BASE_URL', env),
    maxRetries: 0,
    timeout: options.timeoutMs ?? 60_000,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
}

/** The chat model, a secret too so an operator can change it without a deploy. */
export function openaiModel(env: Env = Deno.env): string {
  const model = env.get('OPENAI_MODEL');
  return model && model.trim() !== '' ? model.trim() : 'gpt-4o-mini';
}

export class AiUnavailable extends Error {
  constructor(
    /** The provider's HTTP status, or null when it could not be reached. */
    readonly status: number | null,
    /** Words for a person: why, without the provider's own text. */
    readonly reason: string,
  ) {
    super(`AI is unavailable: ${reason}`);
  }
}

export function aiUnavailableResponse(error: AiUnavailable): Response {
  return json(503, { code: 'ai_unavailable', message: error.message });
}

/** How long the provider asked us to wait, in ms: retry-after-ms, then retry-after (seconds or a date). */
export function retryAfterMs(headers: Headers | undefined, now = Date.now()): number | null {
  const ms = headers?.get('retry-after-ms');
  if (ms && /^\d+(\.\d+)?$/.test(ms.trim())) return Math.ceil(Number(ms));
  const after = headers?.get('retry-after')?.trim();
  if (!after) return null;
  if (/^\d+(\.\d+)?$/.test(after)) return Math.ceil(Number(after) * 1000);
  const date = Date.parse(after);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

function reasonFor(error: APIError): string {
  if (error instanceof APIConnectionTimeoutError) return 'the AI provider did not answer in time';
  if (error instanceof APIConnectionError) return 'the AI provider could not be reached';
  const status = error.status;
  if (status === 429) return 'the AI provider is busy (rate limited); try again in a minute';
  if (status === 401 || status === 403) return "the AI provider refused this project's API key";
  if (status !== undefined && status >= 500) return `the AI provider had an error (${status})`;
  return `the AI provider refused the request (${status ?? 'no status'})`;
}

const retryable = (error: APIError) =>
  error instanceof APIConnectionError || error.status === 429 || (error.status !== undefined && error.status >= 500);

export interface RetryOptions {
  /** The most this call may spend waiting between attempts, all waits together. */
  maxWaitMs?: number;
  attempts?: number;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * Runs fn, and again after a 429 or 5xx or a dropped connection when the provider's wait (or a
 * short back-off without one) still fits in maxWaitMs. A user abort and our own errors pass
 * through unchanged; any other provider failure becomes AiUnavailable.
 */
export async function withRetryAfter<T>(fn: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const { maxWaitMs = 8000, attempts = 3, sleep = (ms) => new Promise((r) => setTimeout(r, ms)) } = options;
  let waited = 0;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      if (!(error instanceof APIError) || error instanceof APIUserAbortError) throw error;
      if (!retryable(error) || attempt >= attempts) throw new AiUnavailable(error.status ?? null, reasonFor(error));
      const wait = retryAfterMs(error.headers) ?? 250 * 2 ** (attempt - 1);
      if (waited + wait > maxWaitMs) {
        const reason =
          error.status === 429
            ? `the AI provider is busy (rate limited) for another ${Math.ceil(wait / 1000)} s`
            : reasonFor(error);
        throw new AiUnavailable(error.status ?? null, reason);
      }
      waited += wait;
      await sleep(wait);
    }
  }
}

export { OpenAI };
