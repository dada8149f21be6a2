// The answers of the voice functions for the shared failures: a rate limit (429 with
// Retry-After) and an OpenAI outage (503 "AI is unavailable: …"). The classes come from
// rate-limit.ts and openai.ts; passing them in keeps this testable on its own.
import { voiceError } from './voice-caller.ts';

// deno-lint-ignore no-explicit-any
type Class = abstract new (...args: any[]) => unknown;

export function voiceFailure(error: unknown, classes: { AiUnavailable: Class; RateLimited: Class }): Response | null {
  if (error instanceof classes.RateLimited) {
    const own = (error as { response?: () => Response }).response;
    if (typeof own === 'function') return own.call(error);
    const seconds = Math.max(1, Math.ceil(Number((error as { retryAfterSeconds?: number }).retryAfterSeconds) || 60));
    return voiceError(429, 'rate_limited', `Too many requests for now: try again in ${seconds} seconds.`, {
      'retry-after': String(seconds),
    });
  }
  if (error instanceof classes.AiUnavailable) {
    const reason = (error as { reason?: unknown }).reason;
    return voiceError(503, 'ai_unavailable', `AI is unavailable: ${typeof reason === 'string' ? reason : 'try again later'}.`);
  }
  return null;
}
