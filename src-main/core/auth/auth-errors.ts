/**
 * supabase-js failures in words a person can act on, each with a code the UI can branch on.
 * A request that never got an answer is OFFLINE (local work goes on); a refused session is
 * UNAUTHENTICATED (sign in again; nothing typed is lost).
 */
import { isAuthApiError, isAuthRetryableFetchError } from '@supabase/supabase-js';
import { AppError, ErrorCode } from '../../../src-shared/errors';

const AUTH_WORDS: Record<string, string> = {
  invalid_credentials: 'The email address or password is not right.',
  email_not_confirmed: 'This email address is not confirmed yet. Open the link in the confirmation email first.',
  user_banned: 'This account is blocked. Ask your organization’s admin.',
  mfa_verification_failed: 'That code is not right. Codes change every 30 seconds: enter the one your authenticator shows now.',
  mfa_challenge_expired: 'The code request expired. Enter the code again.',
  mfa_factor_not_found: 'This account has no authenticator set up any more. Sign in again.',
  insufficient_aal: 'This needs the code from your authenticator first.',
  over_request_rate_limit: 'Too many attempts. Wait a few minutes, then try again.',
  too_many_requests: 'Too many attempts. Wait a few minutes, then try again.',
  refresh_token_not_found: 'Your session ended. Sign in again; your work on this computer is kept.',
  refresh_token_already_used: 'Your session ended. Sign in again; your work on this computer is kept.',
  session_not_found: 'Your session ended. Sign in again; your work on this computer is kept.',
  bad_jwt: 'The server did not accept your session. Sign in again.',
};

export function authFailure(error: unknown, host: string): AppError {
  if (error instanceof AppError) return error;
  if (isAuthRetryableFetchError(error)) {
    return new AppError(
      ErrorCode.Offline,
      `Cannot reach ${host}. You can keep working on this computer; the app reconnects by itself.`,
    );
  }
  if (isAuthApiError(error)) {
    const code = error.code ?? '';
    const words = AUTH_WORDS[code] ?? (error.status === 429 ? AUTH_WORDS.too_many_requests : null);
    if (words) {
      const unauth = code.startsWith('refresh_token') || code === 'session_not_found' || code === 'bad_jwt';
      return new AppError(unauth ? ErrorCode.Unauthenticated : ErrorCode.InvalidInput, words);
    }
    if (error.status >= 500)
      return new AppError(ErrorCode.Offline, `${host} has a problem right now (${error.status}). Try again later.`);
    return new AppError(ErrorCode.InvalidInput, `Sign-in failed: ${error.message.slice(0, 200)}`);
  }
  const message = (error as Error)?.message ?? String(error);
  return new AppError(
    ErrorCode.BadServerAnswer,
    `${host} answered in a way the app does not understand (${message.slice(0, 200)}).`,
  );
}

/**
 * The server asked the app to slow down (429, or 503 with Retry-After): like "cannot reach", local
 * work goes on; `retryAfterMs` says how long the server wants the app to wait (0: it did not say).
 */
export class ServerBusy extends AppError {
  constructor(
    message: string,
    readonly retryAfterMs: number,
  ) {
    super(ErrorCode.Offline, message);
  }
}

/** A PostgREST error from supabase.rpc, in words. */
export function rpcFailure(
  error: { message: string; code?: string; status?: number },
  status: number,
  host: string,
  retryAfterMs = 0,
): AppError {
  if (status === 0)
    return new AppError(
      ErrorCode.Offline,
      `Cannot reach ${host}. You can keep working on this computer; the app reconnects by itself.`,
    );
  if (status === 401 || error.code === 'PGRST301' || error.code === 'PGRST303') {
    return new AppError(
      ErrorCode.Unauthenticated,
      'The server did not accept your session. Sign in again; your work on this computer is kept.',
    );
  }
  if (status === 429 || (status === 503 && retryAfterMs > 0)) {
    const wait = retryAfterMs > 0 ? ` It asked to wait ${Math.ceil(retryAfterMs / 1000)} s; the app tries again by itself.` : '';
    return new ServerBusy(`${host} is busy (too many requests).${wait}`, retryAfterMs);
  }
  if (error.code === '42501') return new AppError(ErrorCode.Forbidden, `The server refused: ${error.message.slice(0, 300)}`);
  if (status >= 500) return new AppError(ErrorCode.Offline, `${host} has a problem right now (${status}). Try again later.`);
  return new AppError(ErrorCode.BadServerAnswer, `The server refused the request: ${error.message.slice(0, 300)}`);
}
