/**
 * What the function tests sign with: a user's session from the stack, a device registered for
 * them in an org (register_device, as the app does), and requests signed by the app's own Node
 * signer (src-main/core/functions/signed-request.ts), sent with plain fetch so a test can change
 * any part of a request after it was signed.
 */
import { createPrivateKey, sign, type KeyObject } from 'node:crypto';
import { newDeviceKeys } from '../../../src-main/core/devices/device-identity';
import { canonicalRequestBytes, signatureHeaders } from '../../../src-main/core/functions/signed-request';
import type { SeededUser } from '../../support/seed';
import type { Stack } from '../../support/stack';

export interface Device {
  id: string;
  publicKey: string;
  key: KeyObject;
}

export async function sessionOf(stack: Stack, user: Pick<SeededUser, 'email' | 'password'>) {
  const client = await stack.client(user);
  const { data } = await client.auth.getSession();
  if (!data.session) throw new Error(`no session for ${user.email}`);
  return { client, token: data.session.access_token };
}

export async function registerDevice(
  stack: Stack,
  user: Pick<SeededUser, 'email' | 'password'>,
  orgId: string,
  name = 'laptop',
): Promise<Device> {
  const { client } = await sessionOf(stack, user);
  const keys = newDeviceKeys();
  const { data, error } = await client.rpc('register_device', { p_org_id: orgId, p_public_key: keys.publicKey, p_name: name });
  if (error) throw new Error(`register_device: ${error.message}`);
  return { id: data as string, publicKey: keys.publicKey, key: createPrivateKey(keys.privateKeyPem) };
}

export interface SignedOptions {
  method?: string;
  path?: string;
  body?: string;
  token?: string | null;
  nowSeconds?: number;
  nonce?: string;
}

/** The headers of a request signed as the app signs it, and what was signed. */
export function signed(device: Device, options: SignedOptions & { token: string | null }) {
  const method = options.method ?? 'POST';
  const path = options.path ?? '/functions/v1/session-info';
  const body = Buffer.from(options.body ?? '{}', 'utf8');
  const headers: Record<string, string> = {
    ...signatureHeaders(
      { deviceId: device.id, sign: (bytes) => sign(null, bytes, device.key) },
      { method, path, body, nowSeconds: options.nowSeconds ?? Date.now() / 1000, nonce: options.nonce },
    ),
    'content-type': 'application/json',
    'x-complyflow-app-version': '9.8.7-test',
  };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  return { method, path, body, headers };
}

/** Sends a request as given (possibly changed after signing): status and JSON answer. */
export async function send(
  stack: Stack,
  request: { method: string; path: string; body: Buffer; headers: Record<string, string> },
): Promise<{ status: number; body: Record<string, unknown> }> {
  const answer = await fetch(`${stack.supabaseUrl}${request.path}`, {
    method: request.method,
    headers: { apikey: stack.anonKey, ...request.headers },
    body: request.method === 'GET' ? undefined : request.body,
  });
  return { status: answer.status, body: (await answer.json()) as Record<string, unknown> };
}

export { canonicalRequestBytes };
