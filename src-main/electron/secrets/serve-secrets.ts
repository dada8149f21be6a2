/**
 * Answers the core's SecretStore requests in main. Every request is validated first; keys are
 * bounded names and values bounded strings, so a confused or hostile core process cannot make
 * main do anything but keep a few strings.
 */
import { z } from 'zod';
import type { ParentMessage } from '../../core/host/parent-port';
import type { SecretStore } from '../../core/secrets/secret-store';

const Key = z.string().regex(/^[A-Za-z0-9._:-]{1,200}$/);
const SecretRequestMessage = z.object({
  type: z.literal('secrets'),
  id: z.int().min(0),
  request: z.discriminatedUnion('op', [
    z.object({ op: z.literal('status') }),
    z.object({ op: z.literal('acceptRisk'), accepted: z.boolean() }),
    z.object({ op: z.literal('get'), key: Key }),
    z.object({ op: z.literal('set'), key: Key, value: z.string().max(64 * 1024) }),
    z.object({ op: z.literal('remove'), key: Key }),
  ]),
});

/** The answer to one message from the core, or null when it is not a secrets request at all. */
export async function answerSecretRequest(store: SecretStore, raw: unknown): Promise<ParentMessage | null> {
  if ((raw as { type?: unknown } | null)?.type !== 'secrets') return null;
  const parsed = SecretRequestMessage.safeParse(raw);
  const id = typeof (raw as { id?: unknown }).id === 'number' ? (raw as { id: number }).id : -1;
  if (!parsed.success) return { type: 'secrets-result', id, ok: false, message: 'malformed secrets request' };
  const { request } = parsed.data;
  try {
    const value =
      request.op === 'status'
        ? await store.status()
        : request.op === 'acceptRisk'
          ? await store.acceptRisk(request.accepted)
          : request.op === 'get'
            ? await store.get(request.key)
            : request.op === 'set'
              ? await store.set(request.key, request.value)
              : await store.remove(request.key);
    return { type: 'secrets-result', id: parsed.data.id, ok: true, value: value ?? null };
  } catch (error) {
    return { type: 'secrets-result', id: parsed.data.id, ok: false, message: (error as Error).message };
  }
}
