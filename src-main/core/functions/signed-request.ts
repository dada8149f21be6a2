/**
 * complyflow-request-v1 on the app's side: the exact bytes a device signs for an edge-function
 * call and the four headers that carry the signature (issue 10). The server's verifier is
 * supabase/functions/_shared/signed-request.ts; tests/fixtures/signed-request-vector.json is
 * checked by both, so the two runtimes cannot drift apart.
 */
import { createHash, randomBytes } from 'node:crypto';

export const SIGNED_REQUEST_VERSION = 'complyflow-request-v1';
export const SIGNATURE_HEADERS = {
  device: 'x-complyflow-device',
  timestamp: 'x-complyflow-timestamp',
  nonce: 'x-complyflow-nonce',
  signature: 'x-complyflow-signature',
  appVersion: 'x-complyflow-app-version',
} as const;

export interface SignedParts {
  method: string;
  /** The path as the client addresses it, from /functions/v1/, with its query string. */
  path: string;
  /** Unix seconds, as text. */
  timestamp: string;
  nonce: string;
  body: Uint8Array;
}

/** The UTF-8 bytes signed: six lines joined by \n, no trailing newline. */
export function canonicalRequestBytes(parts: SignedParts): Buffer {
  const lines = [
    SIGNED_REQUEST_VERSION,
    parts.method.toUpperCase(),
    parts.path,
    parts.timestamp,
    parts.nonce,
    createHash('sha256').update(parts.body).digest('hex'),
  ];
  if (lines.some((line) => line.includes('\n'))) throw new Error('A signed line cannot contain a newline.');
  return Buffer.from(lines.join('\n'), 'utf8');
}

export interface RequestSigner {
  deviceId: string;
  sign(bytes: Uint8Array): Buffer;
}

/** The signature headers for one request; a fresh 16-byte nonce unless one is given (tests). */
export function signatureHeaders(
  signer: RequestSigner,
  request: { method: string; path: string; body: Uint8Array; nowSeconds: number; nonce?: string },
): Record<string, string> {
  const timestamp = String(Math.floor(request.nowSeconds));
  const nonce = request.nonce ?? randomBytes(16).toString('base64url');
  const bytes = canonicalRequestBytes({ method: request.method, path: request.path, timestamp, nonce, body: request.body });
  return {
    [SIGNATURE_HEADERS.device]: signer.deviceId,
    [SIGNATURE_HEADERS.timestamp]: timestamp,
    [SIGNATURE_HEADERS.nonce]: nonce,
    [SIGNATURE_HEADERS.signature]: signer.sign(bytes).toString('base64url'),
  };
}
