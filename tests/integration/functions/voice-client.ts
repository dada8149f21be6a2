/**
 * What the voice function tests call with: a seeded user's session and a device registered for
 * them in the org (signed-client.ts, as the app registers one), and requests signed by the app's
 * own signer (src-main/core/functions/signed-request.ts), sent through the stack's gateway.
 */
import { sign } from 'node:crypto';
import { signatureHeaders } from '../../../src-main/core/functions/signed-request';
import type { SeededUser } from '../../support/seed';
import type { Stack } from '../../support/stack';
import { registerDevice, sessionOf } from './signed-client';

export interface SignedClient {
  deviceId: string;
  /** Sends a signed request to /functions/v1/<name>; the raw Response. */
  call(name: string, init?: { method?: string; body?: Uint8Array | string; contentType?: string }): Promise<Response>;
  json(name: string, body: unknown): Promise<{ status: number; body: Record<string, unknown> }>;
}

export async function signedClient(
  stack: Stack,
  user: Pick<SeededUser, 'email' | 'password'>,
  orgId: string,
): Promise<SignedClient> {
  const { token } = await sessionOf(stack, user);
  const device = await registerDevice(stack, user, orgId, 'test');

  async function call(name: string, init: { method?: string; body?: Uint8Array | string; contentType?: string } = {}) {
    const method = init.method ?? 'POST';
    const path = `/functions/v1/${name}`;
    const body = typeof init.body === 'string' ? Buffer.from(init.body) : Buffer.from(init.body ?? new Uint8Array());
    const signer = { deviceId: device.id, sign: (bytes: Uint8Array) => sign(null, bytes, device.key) };
    return fetch(`${stack.supabaseUrl}${path}`, {
      method,
      headers: {
        apikey: stack.anonKey,
        authorization: `Bearer ${token}`,
        'content-type': init.contentType ?? 'application/json',
        ...signatureHeaders(signer, { method, path, body, nowSeconds: Date.now() / 1000 }),
      },
      body: method === 'GET' ? undefined : body,
    });
  }
  return {
    deviceId: device.id,
    call,
    async json(name, body) {
      const answer = await call(name, { body: JSON.stringify(body) });
      return { status: answer.status, body: (await answer.json()) as Record<string, unknown> };
    },
  };
}
