// GoTrue's error answer (API version 2024-01-01): `code` is the HTTP status, `error_code` the
// machine-readable reason supabase-js surfaces as AuthApiError.code, `msg` the words.
import { HttpError } from './http.ts';

export function authError(status: number, errorCode: string, msg: string): HttpError {
  return new HttpError(status, { code: status, error_code: errorCode, msg, error: errorCode, error_description: msg });
}
