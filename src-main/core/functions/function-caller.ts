/**
 * How features call the organization's edge functions (`/functions/v1/<name>`): every call is
 * signed with this computer's device key (complyflow-request-v1, see signed-request.ts) and
 * carries the user's access token. Features get a FunctionCaller in their deps and never build
 * requests, headers or signatures themselves.
 */
export interface FunctionCall {
  /** The function's name, e.g. 'ai-draft-policy'. */
  name: string;
  /** Upper-case HTTP method; POST when absent. */
  method?: 'GET' | 'POST' | 'DELETE';
  /** Extra path after the function's name, starting with '/', e.g. '/status'. */
  subpath?: string;
  /** Query parameters, in this order. */
  query?: Record<string, string>;
  /** A JSON body (serialised once; the signature covers exactly those bytes) or raw bytes. */
  body?: unknown;
  /** Content type of a raw body (`body` as Uint8Array), e.g. multipart/form-data; boundary=…. */
  contentType?: string;
  signal?: AbortSignal;
}

export interface FunctionCaller {
  /**
   * The function's answer as it came (streams stay streams). Throws AppError with words a user
   * understands when there is no connection, no session, or the device is revoked (401
   * device_revoked also pauses sync); any other status is returned for the feature to read.
   */
  call(request: FunctionCall): Promise<Response>;
}
