// Supabase Storage's error answers: JSON with statusCode (a string), error and message, and the
// mapping from what Postgres said under the object policies to those answers.
import { HttpError } from './http.ts';

export function storageError(status: number, error: string, message: string): HttpError {
  return new HttpError(status, { statusCode: String(status), error, message });
}

export function fromDb(error: unknown): HttpError {
  if (error instanceof HttpError) return error;
  const code = (error as { code?: string }).code;
  if (code === '42501') return storageError(403, 'Unauthorized', 'new row violates row-level security policy');
  if (code === '23505') return storageError(409, 'Duplicate', 'The resource already exists');
  return storageError(500, 'internal', (error as Error).message);
}
