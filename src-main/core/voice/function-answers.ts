/**
 * Reading an edge function's answer: JSON on success, `{ code, message }` on failure, turned
 * into an AppError whose words the person sees. Connection problems are the caller's
 * (FunctionCaller throws ErrorCode.Offline; the feature says what needs the connection).
 */
import type { z } from 'zod';
import { AppError, ErrorCode } from '../../../src-shared/errors';

const CODE_FOR_STATUS: Record<number, ErrorCode> = {
  400: ErrorCode.InvalidInput,
  401: ErrorCode.Unauthenticated,
  403: ErrorCode.Forbidden,
  404: ErrorCode.NotFound,
  409: ErrorCode.Conflict,
};

export async function readAnswer<T extends z.ZodType>(answer: Response, schema: T, what: string): Promise<z.output<T>> {
  let body: unknown;
  try {
    body = await answer.json();
  } catch {
    throw new AppError(ErrorCode.BadServerAnswer, `${what}: the server answered HTTP ${answer.status} without JSON`);
  }
  if (!answer.ok) {
    const message = (body as { message?: unknown } | null)?.message;
    const words = typeof message === 'string' && message.length > 0 ? message : `the server answered HTTP ${answer.status}`;
    throw new AppError(CODE_FOR_STATUS[answer.status] ?? ErrorCode.Internal, `${what}: ${words}`);
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new AppError(ErrorCode.BadServerAnswer, `${what}: the server's answer is not what the app expects`);
  return parsed.data;
}
