/**
 * Error codes every caller of the API can see. A code is a contract: the UI and the CLI branch
 * on it, so a code is never renamed, only added.
 */
export const ErrorCode = {
  /** The payload did not match the method's input schema. */
  InvalidInput: 'INVALID_INPUT',
  /** No such namespace or method in the API map. */
  UnknownMethod: 'UNKNOWN_METHOD',
  /** The record does not exist (or is deleted). */
  NotFound: 'NOT_FOUND',
  /** The change conflicts with the record's current state (wrong workflow step, stale edit). */
  Conflict: 'CONFLICT',
  /** The message came from a sender that may not call the API. */
  Forbidden: 'FORBIDDEN',
  /** The database file is not SQLite, is damaged, or was made by a newer app version. */
  DatabaseUnusable: 'DATABASE_UNUSABLE',
  /** A file was refused (too large, unreadable, malformed). */
  FileRejected: 'FILE_REJECTED',
  /** The server could not be reached (no network, wrong address); local work goes on. */
  Offline: 'OFFLINE',
  /** The caller is not signed in, or the session ended: sign in again (nothing typed is lost). */
  Unauthenticated: 'UNAUTHENTICATED',
  /** The server answered with something the app cannot trust or use (a malformed row, a bad id). */
  BadServerAnswer: 'BAD_SERVER_ANSWER',
  /** An unexpected failure inside the core; the message is safe to show. */
  Internal: 'INTERNAL',
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export interface ApiErrorShape {
  code: ErrorCode;
  message: string;
}

/** Thrown by services for failures the caller should see with a specific code. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'AppError';
  }
}
