// Rate limits for the provider-backed functions: `consume` before calling OpenAI or ElevenLabs
// (one request and about this many tokens, for this user and their org, in this window and this
// month), `recordUsage` after, with what the provider really used. The counters live in Postgres
// (migration 20260101001560_ai_usage.sql) so every function instance agrees; only the service
// role may count, with the identity the guard verified.
import { json } from './http.ts';

export type UsageKind = 'ai' | 'voice';

/** The part of the guard's Caller this needs (kept structural so pure tests can pass a fake). */
export interface UsageCaller {
  userId: string;
  orgId: string;
  admin: { rpc(fn: string, args: Record<string, unknown>): PromiseLike<{ data: unknown; error: { message: string } | null }> };
}

export class RateLimited extends Error {
  constructor(
    readonly retryAfterSeconds: number,
    message: string,
    /** Whose limit: this user's, the org's window, or the org's month. */
    readonly scope: 'user' | 'org' | 'month',
  ) {
    super(message);
  }

  /** 429 with Retry-After and `{ code: 'rate_limited', message }`. */
  response(): Response {
    const answer = json(429, { code: 'rate_limited', message: this.message, retry_after_seconds: this.retryAfterSeconds });
    answer.headers.set('retry-after', String(this.retryAfterSeconds));
    return answer;
  }
}

interface ConsumeAnswer {
  allowed: boolean;
  scope?: 'user' | 'org' | 'month';
  retry_after_seconds?: number;
  message?: string;
}

function parseAnswer(data: unknown): ConsumeAnswer {
  const answer = data as ConsumeAnswer | null;
  if (!answer || typeof answer.allowed !== 'boolean') throw new Error('ai_consume answered without "allowed"');
  return answer;
}

/** A whole number of tokens (or characters) the counters accept. */
function count(value: number, what: string): number {
  if (!Number.isFinite(value) || value < 0) throw new Error(`${what} must be a number of zero or more`);
  return Math.min(10_000_000, Math.ceil(value));
}

/** Throws RateLimited when this request would pass a limit; otherwise the request is counted. */
export async function consume(caller: UsageCaller, options: { kind: UsageKind; estimateTokens: number }): Promise<void> {
  const { data, error } = await caller.admin.rpc('ai_consume', {
    p_org_id: caller.orgId,
    p_user_id: caller.userId,
    p_kind: options.kind,
    p_estimate: count(options.estimateTokens, 'estimateTokens'),
  });
  if (error) throw new Error(`the usage counter failed: ${error.message}`);
  const answer = parseAnswer(data);
  if (answer.allowed) return;
  throw new RateLimited(
    Math.max(1, Math.ceil(answer.retry_after_seconds ?? 60)),
    answer.message ?? 'too many AI requests for now; try again later',
    answer.scope ?? 'org',
  );
}

/** Adds what the provider really used (voice counts characters) to the current window. */
export async function recordUsage(
  caller: UsageCaller,
  options: { kind: UsageKind; tokens: number; characters?: number },
): Promise<void> {
  const used = options.kind === 'voice' && options.characters !== undefined ? options.characters : options.tokens;
  const { error } = await caller.admin.rpc('ai_record_usage', {
    p_org_id: caller.orgId,
    p_user_id: caller.userId,
    p_kind: options.kind,
    p_tokens: count(used, 'tokens'),
  });
  // The answer was already earned: a counter that failed is logged, never the user's problem.
  if (error) console.error('recording usage failed:', error.message);
}

/** About four characters a token (OpenAI's rule of thumb), for the estimate before a call. */
export function estimateTokens(...texts: string[]): number {
  return Math.ceil(texts.reduce((n, t) => n + t.length, 0) / 4);
}
