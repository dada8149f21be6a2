/**
 * The app's side of ai-gap-analysis: one signed call through deps.functions, the answer checked
 * with zod, and every refusal in words. Offline (or the local workspace) says the analysis needs
 * a connection; nothing local is touched or blocked.
 */
import { GapResult } from '../../../../src-shared/api/ai-gap';
import { AppError, ErrorCode } from '../../../../src-shared/errors';
import type { FunctionCaller } from '../../functions/function-caller';

const NEEDS_CONNECTION = 'Gap analysis needs a connection to your organization.';

async function answerOf(response: Response): Promise<{ code?: unknown; message?: unknown; [k: string]: unknown }> {
  try {
    return (await response.json()) as Record<string, unknown>;
  } catch {
    return {};
  }
}

/** Turns a non-200 answer of an AI function into an AppError a person can act on. */
export async function aiFailure(response: Response): Promise<AppError> {
  const body = await answerOf(response);
  const message = typeof body.message === 'string' ? body.message : `the server answered ${response.status}`;
  switch (response.status) {
    case 400:
    case 422:
      return new AppError(ErrorCode.InvalidInput, message);
    case 403:
      return new AppError(ErrorCode.Forbidden, message);
    case 404:
      return new AppError(ErrorCode.NotFound, message);
    case 429: {
      const wait = Number(response.headers.get('retry-after'));
      const after = Number.isFinite(wait) && wait > 0 ? ` (try again in ${Math.ceil(wait / 60)} min)` : '';
      return new AppError(ErrorCode.Conflict, `AI limit reached: ${message}${message.includes('try again') ? '' : after}`);
    }
    default:
      // 503 ai_unavailable and 502 carry "AI is unavailable: …" already.
      return new AppError(
        ErrorCode.Internal,
        message.startsWith('AI is unavailable') ? message : `AI is unavailable: ${message}`,
      );
  }
}

export async function analyseGaps(functions: FunctionCaller | undefined, input: { policyId: string; frameworkId: string }) {
  if (!functions) throw new AppError(ErrorCode.Offline, NEEDS_CONNECTION);
  let response: Response;
  try {
    response = await functions.call({ name: 'ai-gap-analysis', body: input });
  } catch (error) {
    if (error instanceof AppError && error.code === ErrorCode.Offline) throw new AppError(ErrorCode.Offline, NEEDS_CONNECTION);
    throw error;
  }
  if (!response.ok) throw await aiFailure(response);
  const parsed = GapResult.safeParse(await answerOf(response));
  if (!parsed.success) throw new AppError(ErrorCode.BadServerAnswer, 'The gap analysis answer could not be read.');
  return parsed.data;
}
