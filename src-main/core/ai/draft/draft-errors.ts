/**
 * What the person reads when ai-draft-policy refuses or fails before any text arrives. The
 * function answers `{ code, message }` in words (issue10-contract.md); the app keeps the
 * server's words and picks the error code a caller branches on.
 */
import { z } from 'zod';
import { AppError, ErrorCode } from '../../../../src-shared/errors';

const Failure = z.object({ code: z.string().optional(), message: z.string() });

/** Words for "no connection" that name the feature (the caller's Offline error is generic). */
export const NEEDS_CONNECTION = 'Drafting with AI needs a connection to your organization’s server.';

export async function failureOf(response: Response): Promise<AppError> {
  let body: z.infer<typeof Failure> | null;
  try {
    const parsed = Failure.safeParse(await response.json());
    body = parsed.success ? parsed.data : null;
  } catch {
    body = null;
  }
  const message = body?.message.slice(0, 500) ?? `The AI draft service answered ${response.status}.`;
  switch (response.status) {
    case 400:
      return new AppError(ErrorCode.InvalidInput, message);
    case 403:
      return new AppError(ErrorCode.Forbidden, message);
    case 404:
      return new AppError(ErrorCode.NotFound, message);
    case 429: {
      const wait = Number(response.headers.get('retry-after'));
      const when = Number.isFinite(wait) && wait > 0 ? ` Try again in ${Math.ceil(wait)} s.` : '';
      return new AppError(ErrorCode.Conflict, `${message}${message.includes('again') ? '' : when}`);
    }
    case 502:
    case 503:
    case 504:
      // The AI provider is down: local work goes on, so this reads like "offline" to the UI.
      return new AppError(ErrorCode.Offline, body?.code === 'ai_unavailable' ? message : `AI is unavailable: ${message}`);
    default:
      return new AppError(ErrorCode.BadServerAnswer, message);
  }
}
