/**
 * What the voice function tests call with: a seeded user's session, a device registered for
 * them in the org (an Ed25519 key made here, registered with register_device as the app does),
 * and requests signed in the complyflow-request-v1 format of issue 10 with plain node:crypto,
 * sent through the stack's gateway with plain fetch.
 */
import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import type { SeededUser } from '../../support/seed';
import type { Stack } from '../../support/stack';

export interface SignedClient {
  deviceId: string;
  /** Sends a signed request to /functions/v1/<name>; the raw Response. */
  call(name: string, init?: { method?: string; body?: Uint8Array | string; contentType?: string }): Promise<Response>;
  json(name: string, body: unknown): Promise<{ status: number; body: Record<string, unknown> }>;
}

function rawPublicKey(key: KeyObject): string {
  // An Ed25519 SPKI is a fixed 12-byte prefix and the 32-byte raw key.
  return key.export({ type: 'spki', format: 'der' }).subarray(12).toString('base64url');
}

export async function signedClient(
  stack: Stack,
  user: Pick<SeededUser, 'email' | 'password'>,
  orgId: string,
): Promise<SignedClient> {
  const client = await stack.client(user);
  const { data } = await client.auth.getSession();
  const token = data.session!.access_token;
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const registered = await client.rpc('register_device', {
    p_org_id: orgId,
    p_public_key: rawPublicKey(publicKey),
    p_name: 'test',
  });
  if (registered.error) throw new Error(`register_device: ${registered.error.message}`);
  const deviceId = registered.data as string;

  async function call(name: string, init: { method?: string; body?: Uint8Array | string; contentType?: string } = {}) {
    const method = init.method ?? 'POST';
    const path = `/functions/v1/${name}`;
    const body = typeof init.body === 'string' ? Buffer.from(init.body) : Buffer.from(init.body ?? new Uint8Array());
    const timestamp = String(Math.floor(Date.now() / 1000));
    const nonce = randomBytes(16).toString('base64url');
    const signed = [
      'complyflow-request-v1',
      method,
      path,
      timestamp,
      nonce,
      createHash('sha256').update(body).digest('hex'),
    ].join('\n');
    return fetch(`${stack.supabaseUrl}${path}`, {
      method,
      headers: {
        apikey: stack.anonKey,
        authorization: `Bearer ${token}`,
        'content-type': init.contentType ?? 'application/json',
        'x-complyflow-device': deviceId,
        'x-complyflow-timestamp': timestamp,
        'x-complyflow-nonce': nonce,
        'x-complyflow-signature': sign(null, Buffer.from(signed), privateKey).toString('base64url'),
      },
      body: method === 'GET' ? undefined : body,
    });
  }
  return {
    deviceId,
    call,
    async json(name, body) {
      const answer = await call(name, { body: JSON.stringify(body) });
      return { status: answer.status, body: (await answer.json()) as Record<string, unknown> };
    },
  };
}
