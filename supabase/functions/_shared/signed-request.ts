// complyflow-request-v1, the signed-request format (issue 10; other tools sign with it): the exact
// bytes a device signs, its four headers, and the checks that need no database. Pure (WebCrypto
// only) so Deno unit tests cover every branch; guard.ts adds the token, device and nonce lookups.
// The Node signer (src-main/core/functions/signed-request.ts) builds the same bytes; a shared
// test vector (tests/fixtures/signed-request-vector.json) proves both runtimes agree.

export const SIGNED_REQUEST_VERSION = 'complyflow-request-v1';
export const HEADER_DEVICE = 'x-complyflow-device';
export const HEADER_TIMESTAMP = 'x-complyflow-timestamp';
export const HEADER_NONCE = 'x-complyflow-nonce';
export const HEADER_SIGNATURE = 'x-complyflow-signature';
/** Informational, not signed over: which app version made the request (shown in Settings → Devices). */
export const HEADER_APP_VERSION = 'x-complyflow-app-version';

/** Bytes backed by a plain ArrayBuffer, as WebCrypto and Request bodies take them. */
export type Bytes = Uint8Array<ArrayBuffer>;

/** How far a request's timestamp may be from the server's clock, either way. */
export const MAX_SKEW_SECONDS = 300;

/** The 401 codes a signed function answers, in the order the checks run. */
export type GuardCode =
  | 'missing_token'
  | 'invalid_token'
  | 'expired_token'
  | 'missing_signature_headers'
  | 'unknown_device'
  | 'device_revoked'
  | 'stale_timestamp'
  | 'replayed_nonce'
  | 'bad_signature';

/** A refused request: 401 with `{ code, message }`. */
export class GuardError extends Error {
  constructor(
    readonly code: GuardCode,
    message: string,
  ) {
    super(message);
  }
}

export interface SignedParts {
  method: string;
  /** The path as the client addresses it, from /functions/v1/, with its query string. */
  path: string;
  timestamp: string;
  nonce: string;
  /** Lower-case hex SHA-256 of the raw body bytes (of zero bytes when there is no body). */
  bodySha256: string;
}

export interface SignatureHeaders {
  deviceId: string;
  timestamp: number;
  timestampText: string;
  nonce: string;
  signature: Bytes;
  appVersion: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const BASE64URL = /^[A-Za-z0-9_-]+$/;
const DIGITS = /^[0-9]{1,12}$/;

/** The UTF-8 bytes a device signs: six lines joined by \n, no trailing newline. */
export function canonicalBytes(parts: SignedParts): Bytes {
  const method = parts.method.toUpperCase();
  const lines = [SIGNED_REQUEST_VERSION, method, parts.path, parts.timestamp, parts.nonce, parts.bodySha256];
  for (const line of lines) if (line.includes('\n')) throw new Error('a signed line cannot contain a newline');
  return new TextEncoder().encode(lines.join('\n'));
}

export async function sha256Hex(bytes: Bytes): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return [...digest].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export function fromBase64Url(text: string): Bytes {
  if (!BASE64URL.test(text)) throw new Error('not base64url');
  const padded = text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4);
  const binary = atob(padded);
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

/**
 * The path the client signed: the edge runtime hands a function `/<name>/...`; the client
 * addressed `/functions/v1/<name>/...` with the same query string, byte for byte.
 */
export function signedPath(url: URL): string {
  return `/functions/v1${url.pathname}${url.search}`;
}

/** The four headers, well-formed, or missing_signature_headers saying which one is wrong. */
export function parseSignatureHeaders(headers: Headers): SignatureHeaders {
  const deviceId = headers.get(HEADER_DEVICE);
  const timestampText = headers.get(HEADER_TIMESTAMP);
  const nonce = headers.get(HEADER_NONCE);
  const signatureText = headers.get(HEADER_SIGNATURE);
  const missing = [
    [HEADER_DEVICE, deviceId],
    [HEADER_TIMESTAMP, timestampText],
    [HEADER_NONCE, nonce],
    [HEADER_SIGNATURE, signatureText],
  ]
    .filter(([, value]) => !value)
    .map(([name]) => name);
  if (missing.length > 0)
    throw new GuardError('missing_signature_headers', `this function needs a signed request: missing ${missing.join(', ')}`);
  const refuse = (what: string) => new GuardError('missing_signature_headers', `malformed ${what}`);
  if (!UUID.test(deviceId!)) throw refuse(`${HEADER_DEVICE} (a device uuid)`);
  if (!DIGITS.test(timestampText!)) throw refuse(`${HEADER_TIMESTAMP} (Unix seconds)`);
  let nonceBytes: Bytes;
  try {
    nonceBytes = fromBase64Url(nonce!);
  } catch {
    throw refuse(`${HEADER_NONCE} (base64url)`);
  }
  if (nonceBytes.length < 16 || nonce!.length > 128) throw refuse(`${HEADER_NONCE} (16 to 96 random bytes)`);
  let signature: Bytes;
  try {
    signature = fromBase64Url(signatureText!);
  } catch {
    throw refuse(`${HEADER_SIGNATURE} (base64url)`);
  }
  if (signature.length !== 64) throw refuse(`${HEADER_SIGNATURE} (a 64-byte Ed25519 signature)`);
  const appVersion = headers.get(HEADER_APP_VERSION);
  return {
    deviceId: deviceId!.toLowerCase(),
    timestamp: Number(timestampText),
    timestampText: timestampText!,
    nonce: nonce!,
    signature,
    appVersion: appVersion ? appVersion.slice(0, 50) : null,
  };
}

/** |now − timestamp| ≤ 300 s, or stale_timestamp. */
export function checkTimestamp(timestamp: number, nowSeconds: number): void {
  if (Math.abs(nowSeconds - timestamp) > MAX_SKEW_SECONDS)
    throw new GuardError(
      'stale_timestamp',
      `the request's timestamp is more than ${MAX_SKEW_SECONDS} seconds from the server's clock; check this computer's clock`,
    );
}

/** Ed25519 over exactly `bytes` with the device's raw 32-byte public key (base64url). */
export async function verifySignature(publicKeyB64: string, bytes: Bytes, signature: Bytes): Promise<boolean> {
  let raw: Bytes;
  try {
    // Registered keys are base64url; a key registered as standard base64 is the same bytes.
    raw = fromBase64Url(publicKeyB64.replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_'));
  } catch {
    return false;
  }
  if (raw.length !== 32) return false;
  try {
    const key = await crypto.subtle.importKey('raw', raw, { name: 'Ed25519' }, false, ['verify']);
    return await crypto.subtle.verify({ name: 'Ed25519' }, key, signature, bytes);
  } catch {
    return false;
  }
}
