/**
 * The FunctionCaller of an organization workspace: each call is addressed to
 * `<project>/functions/v1/<name><subpath>?<query>`, signed with this computer's device key
 * (complyflow-request-v1) and sent with the session's access token and the project's anon key.
 * Failures a user can act on become AppErrors in words; every other answer is the feature's.
 */
import { AppError, ErrorCode } from '../../../src-shared/errors';
import type { FunctionCall, FunctionCaller } from './function-caller';
import { SIGNATURE_HEADERS, signatureHeaders, type RequestSigner } from './signed-request';

/** Where and as whom to call: the connected project and the signed-in session's token. */
export interface FunctionAccess {
  url: string;
  anonKey: string;
  accessToken: string;
}

export interface FunctionCallerDeps {
  /** Throws AppError Offline / Unauthenticated when there is no connection or no session. */
  access(): Promise<FunctionAccess>;
  /** This computer's device in the org (registered on first use). */
  signer(): Promise<RequestSigner>;
  appVersion: string;
  /** The server refused this device as revoked: sync pauses and the user is told. */
  onRevoked(): void;
  /** The network failed under a call (the session's reachability probe takes over). */
  onUnreachable?(error: unknown): void;
  fetch?: typeof fetch;
  nowMs?: () => number;
}

const FUNCTION_NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;
const SUBPATH = /^(\/[A-Za-z0-9._~-]+)+$/;
const SESSION_CODES = new Set(['missing_token', 'invalid_token', 'expired_token']);

/** The path the request addresses and signs, from /functions/v1/ with its query string. */
export function functionPath(call: Pick<FunctionCall, 'name' | 'subpath' | 'query'>): string {
  if (!FUNCTION_NAME.test(call.name)) throw new AppError(ErrorCode.InvalidInput, `"${call.name}" is not a function name.`);
  if (call.subpath !== undefined && !SUBPATH.test(call.subpath))
    throw new AppError(ErrorCode.InvalidInput, `"${call.subpath}" is not a path under a function.`);
  const query = call.query && Object.keys(call.query).length > 0 ? `?${new URLSearchParams(call.query).toString()}` : '';
  return `/functions/v1/${call.name}${call.subpath ?? ''}${query}`;
}

function bodyOf(call: FunctionCall): { bytes: Uint8Array; contentType: string | null } {
  if (call.body === undefined) return { bytes: new Uint8Array(), contentType: null };
  if (call.body instanceof Uint8Array) return { bytes: call.body, contentType: call.contentType ?? 'application/octet-stream' };
  return { bytes: Buffer.from(JSON.stringify(call.body), 'utf8'), contentType: 'application/json' };
}

/** The 401 code a guard answered, if the body says one (the Response stays readable). */
async function guardCode(response: Response): Promise<{ code: string | null; message: string | null }> {
  try {
    const body = (await response.clone().json()) as { code?: unknown; message?: unknown };
    return {
      code: typeof body.code === 'string' ? body.code : null,
      message: typeof body.message === 'string' ? body.message : null,
    };
  } catch {
    return { code: null, message: null };
  }
}

export function createFunctionCaller(deps: FunctionCallerDeps): FunctionCaller {
  const fetchFn = deps.fetch ?? fetch;
  const nowMs = deps.nowMs ?? Date.now;
  return {
    async call(call) {
      const method = call.method ?? 'POST';
      const path = functionPath(call);
      const { bytes, contentType } = bodyOf(call);
      if (method === 'GET' && bytes.length > 0) throw new AppError(ErrorCode.InvalidInput, 'A GET call has no body.');
      const access = await deps.access();
      const signer = await deps.signer();
      const headers: Record<string, string> = {
        authorization: `Bearer ${access.accessToken}`,
        apikey: access.anonKey,
        [SIGNATURE_HEADERS.appVersion]: deps.appVersion,
        ...signatureHeaders(signer, { method, path, body: bytes, nowSeconds: nowMs() / 1000 }),
      };
      if (contentType) headers['content-type'] = contentType;
      let response: Response;
      try {
        response = await fetchFn(`${access.url.replace(/\/+$/, '')}${path}`, {
          method,
          headers,
          body: method === 'GET' ? undefined : Buffer.from(bytes),
          signal: call.signal,
        });
      } catch (error) {
        if (call.signal?.aborted) throw error;
        deps.onUnreachable?.(error);
        throw new AppError(ErrorCode.Offline, `${new URL(access.url).host} cannot be reached; this needs a connection.`);
      }
      if (response.status !== 401) return response;
      const { code } = await guardCode(response);
      if (code === 'device_revoked') {
        deps.onRevoked();
        throw new AppError(
          ErrorCode.Forbidden,
          'This computer was revoked for this organization: sync has stopped and your work here is kept for export. Ask an admin.',
        );
      }
      if (code === null || SESSION_CODES.has(code))
        throw new AppError(ErrorCode.Unauthenticated, 'Your session has ended; sign in again.');
      return response;
    },
  };
}
