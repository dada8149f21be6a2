// The app's signer against the shared test vector (tests/functions/signed-request.test.ts checks
// the same file under Deno with WebCrypto): same bytes, same signature, so other tools that
// follow complyflow-request-v1 sign as the app does.
import { createPrivateKey, createPublicKey, sign, verify } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { canonicalRequestBytes, signatureHeaders } from '../../../../src-main/core/functions/signed-request';

const vector = JSON.parse(readFileSync(join(__dirname, '../../../fixtures/signed-request-vector.json'), 'utf8')) as Record<
  string,
  string
>;
const key = createPrivateKey({
  key: Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), Buffer.from(vector.privateKeySeedHex!, 'hex')]),
  format: 'der',
  type: 'pkcs8',
});
const body = Buffer.from(vector.bodyBase64!, 'base64');

describe('complyflow-request-v1 in Node', () => {
  it('builds the vector’s exact bytes and signs them to the vector’s signature', () => {
    expect(createPublicKey(key).export({ format: 'jwk' }).x).toBe(vector.publicKey);
    const bytes = canonicalRequestBytes({
      method: 'post',
      path: vector.path!,
      timestamp: vector.timestamp!,
      nonce: vector.nonce!,
      body,
    });
    expect(bytes.toString('utf8')).toBe(vector.signedText);
    const headers = signatureHeaders(
      { deviceId: vector.deviceId!, sign: (b) => sign(null, b, key) },
      { method: 'POST', path: vector.path!, body, nowSeconds: Number(vector.timestamp) + 0.9, nonce: vector.nonce },
    );
    expect(headers).toEqual({
      'x-complyflow-device': vector.deviceId,
      'x-complyflow-timestamp': vector.timestamp,
      'x-complyflow-nonce': vector.nonce,
      'x-complyflow-signature': vector.signature,
    });
  });

  it('makes a fresh 16-byte base64url nonce per request, and the signature covers it', () => {
    const signer = { deviceId: vector.deviceId!, sign: (b: Uint8Array) => sign(null, b, key) };
    const request = { method: 'GET', path: '/functions/v1/session-info', body: new Uint8Array(), nowSeconds: 1_764_640_800 };
    const a = signatureHeaders(signer, request);
    const b = signatureHeaders(signer, request);
    expect(a['x-complyflow-nonce']).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(a['x-complyflow-nonce']).not.toBe(b['x-complyflow-nonce']);
    const signed = canonicalRequestBytes({ ...request, timestamp: '1764640800', nonce: a['x-complyflow-nonce']! });
    expect(verify(null, signed, createPublicKey(key), Buffer.from(a['x-complyflow-signature']!, 'base64url'))).toBe(true);
    const other = canonicalRequestBytes({ ...request, timestamp: '1764640800', nonce: b['x-complyflow-nonce']! });
    expect(verify(null, other, createPublicKey(key), Buffer.from(a['x-complyflow-signature']!, 'base64url'))).toBe(false);
  });

  it('refuses a line with a newline', () => {
    expect(() =>
      canonicalRequestBytes({ method: 'GET', path: '/functions/v1/x\nPOST', timestamp: '1', nonce: 'n', body: new Uint8Array() }),
    ).toThrow('A signed line cannot contain a newline.');
  });
});
