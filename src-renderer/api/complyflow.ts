/**
 * The renderer's only door to the app: window.complyflow, typed from the API map. `call`
 * unwraps a Result and throws an ApiCallError carrying the error code, for code that prefers
 * try/catch.
 */
import type { ComplyflowApi } from '../../src-shared/api';
import type { ApiErrorShape } from '../../src-shared/errors';
import type { Result } from '../../src-shared/result';

declare global {
  interface Window {
    complyflow: ComplyflowApi;
  }
}

export class ApiCallError extends Error {
  constructor(readonly error: ApiErrorShape) {
    super(error.message);
  }
}

export const complyflow = (): ComplyflowApi => window.complyflow;

export async function call<T>(pending: Promise<Result<T>>): Promise<T> {
  const result = await pending;
  if (!result.ok) throw new ApiCallError(result.error);
  return result.value;
}
