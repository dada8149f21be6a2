// serveSigned(handler): every edge function's front door. It answers CORS preflight, then checks
// in the order — the user's JWT, the device (the caller's own, in an org they belong to,
// not revoked), the timestamp (±300 s), the nonce (never seen for this device), the Ed25519
// signature over complyflow-request-v1 — and refuses with 401 `{ code, message }`. Only then does
// the handler run, with the caller: who, which device and org, supabase-js as the caller (RLS
// applies) and as the service role, and the body bytes the signature covered.
import { createClient, type SupabaseClient } from 'npm:@supabase/supabase-js@2';
import { requireEnv } from './env.ts';
import { json } from './http.ts';
import { bearerToken, verifyAccessToken } from './jwt.ts';
import { claimNonce } from './nonce.ts';
import {
  canonicalBytes,
  checkTimestamp,
  GuardError,
  HEADER_APP_VERSION,
  HEADER_DEVICE,
  HEADER_NONCE,
  HEADER_SIGNATURE,
  HEADER_TIMESTAMP,
  parseSignatureHeaders,
  sha256Hex,
  signedPath,
  verifySignature,
} from './signed-request.ts';

export interface Caller {
  userId: string;
  email: string | null;
  /** The user's JWT, as sent. */
  token: string;
  deviceId: string;
  /** The device's org: a device is registered per org and user. */
  orgId: string;
  /** supabase-js as the caller (anon key + the user's token): RLS applies. */
  db: SupabaseClient;
  /** Service role: only for what RLS cannot do (counters, cache objects). */
  admin: SupabaseClient;
  /** The raw body bytes the signature covered (read once by the guard). */
  body: Uint8Array<ArrayBuffer>;
}

export type SignedHandler = (req: Request, caller: Caller) => Promise<Response>;

interface Env {
  get(name: string): string | undefined;
}

export const signedCorsHeaders = {
  'access-control-allow-origin': '*',
  'access-control-allow-headers': [
    'authorization',
    'x-client-info',
    'apikey',
    'content-type',
    HEADER_DEVICE,
    HEADER_TIMESTAMP,
    HEADER_NONCE,
    HEADER_SIGNATURE,
    HEADER_APP_VERSION,
  ].join(', '),
  'access-control-allow-methods': 'GET, POST, DELETE, OPTIONS',
};

const clientOptions = { auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false } };

function asCaller(url: string, anonKey: string, token: string): SupabaseClient {
  return createClient(url, anonKey, { ...clientOptions, global: { headers: { Authorization: `Bearer ${token}` } } });
}

interface DeviceRow {
  user_id: string;
  org_id: string;
  public_key: string;
  revoked_at: string | null;
}

async function lookUpDevice(db: SupabaseClient, deviceId: string): Promise<DeviceRow> {
  const { data, error } = await db.rpc('device_for_request', { p_device_id: deviceId });
  if (error) throw new Error(`device lookup failed: ${error.message}`);
  const row = (Array.isArray(data) ? data[0] : null) as DeviceRow | undefined;
  if (!row) throw new GuardError('unknown_device', 'this device is not enrolled for you in an organization you belong to');
  if (row.revoked_at) throw new GuardError('device_revoked', 'this device was revoked: ask an admin');
  return row;
}

/** Runs the five checks; the Caller for the handler, or a GuardError. */
export async function checkSignedRequest(req: Request, env: Env, nowSeconds: number): Promise<Caller> {
  const token = bearerToken(req.headers);
  const user = await verifyAccessToken(token, requireEnv('SUPABASE_JWT_SECRET', env), nowSeconds);
  const signed = parseSignatureHeaders(req.headers);
  const url = requireEnv('SUPABASE_URL', env);
  const anonKey = requireEnv('SUPABASE_ANON_KEY', env);
  const db = asCaller(url, anonKey, token);
  const device = await lookUpDevice(db, signed.deviceId);
  checkTimestamp(signed.timestamp, nowSeconds);
  const body = new Uint8Array(await req.arrayBuffer());
  const bytes = canonicalBytes({
    method: req.method,
    path: signedPath(new URL(req.url)),
    timestamp: signed.timestampText,
    nonce: signed.nonce,
    bodySha256: await sha256Hex(body),
  });
  // Checked now, answered after the nonce: the order of the codes is the issue's, and a device is
  // only marked as seen for a request it really signed.
  const valid = await verifySignature(device.public_key, bytes, signed.signature);
  await claimNonce(db, signed.deviceId, signed.nonce, valid, signed.appVersion);
  if (!valid) throw new GuardError('bad_signature', 'the request signature does not match this device key and request');
  return {
    userId: user.userId,
    email: user.email,
    token,
    deviceId: signed.deviceId,
    orgId: device.org_id,
    db,
    admin: createClient(url, requireEnv('SUPABASE_SERVICE_ROLE_KEY', env), clientOptions),
    body,
  };
}

function withCors(response: Response): Response {
  const headers = new Headers(response.headers);
  for (const [name, value] of Object.entries(signedCorsHeaders)) if (!headers.has(name)) headers.set(name, value);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

/** Wraps a handler: CORS/OPTIONS, the five checks in the order, 401 {code, message}. */
export function serveSigned(
  handler: SignedHandler,
  env: Env = Deno.env,
  now: () => number = () => Math.floor(Date.now() / 1000),
): (req: Request) => Promise<Response> {
  return async (req) => {
    if (req.method === 'OPTIONS') return new Response(null, { status: 204, headers: signedCorsHeaders });
    let caller: Caller;
    try {
      caller = await checkSignedRequest(req, env, now());
    } catch (error) {
      if (error instanceof GuardError) return withCors(json(401, { code: error.code, message: error.message }));
      console.error('signed request check failed:', (error as Error).message);
      return withCors(json(500, { code: 'internal', message: 'the request could not be checked; try again' }));
    }
    // The body was read once for the signature; the handler gets a request it can read again.
    const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
    const replay = new Request(req.url, { method: req.method, headers: req.headers, body: hasBody ? caller.body : undefined });
    try {
      return withCors(await handler(replay, caller));
    } catch (error) {
      console.error('function failed:', (error as Error).message);
      return withCors(json(500, { code: 'internal', message: 'the function failed; try again' }));
    }
  };
}
