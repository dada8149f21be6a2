/**
 * The core's SecretStore inside Electron: each operation goes to main over the utility
 * process's parent port, and main answers with safeStorage (DESIGN §6). Answers are checked
 * before use; a store that does not answer in time fails the operation instead of hanging sign-in.
 */
import { z } from 'zod';
import { SecretsStatus } from '../../../src-shared/domain/account';
import type { SecretStore } from '../secrets/secret-store';
import type { CoreProcessMessage, SecretRequest } from './parent-port';

export const SecretResult = z.discriminatedUnion('ok', [
  z.object({ type: z.literal('secrets-result'), id: z.int(), ok: z.literal(true), value: z.unknown() }),
  z.object({ type: z.literal('secrets-result'), id: z.int(), ok: z.literal(false), message: z.string() }),
]);
export type SecretResult = z.infer<typeof SecretResult>;

export interface PortSecretStore extends SecretStore {
  /** Hands main's answer (a `secrets-result` message) to the operation waiting for it. */
  receive(message: SecretResult): void;
}

export function portSecretStore(tell: (message: CoreProcessMessage) => void, timeoutMs = 10_000): PortSecretStore {
  let nextId = 1;
  const waiting = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void; timer: NodeJS.Timeout }>();
  const ask = (request: SecretRequest) =>
    new Promise<unknown>((resolve, reject) => {
      const id = nextId++;
      const timer = setTimeout(() => {
        waiting.delete(id);
        reject(new Error('The secret store of the app did not answer.'));
      }, timeoutMs);
      waiting.set(id, { resolve, reject, timer });
      tell({ type: 'secrets', id, request });
    });
  const text = (value: unknown) => (typeof value === 'string' ? value : null);
  return {
    status: async () => SecretsStatus.parse(await ask({ op: 'status' })),
    acceptRisk: async (accepted) => SecretsStatus.parse(await ask({ op: 'acceptRisk', accepted })),
    get: async (key) => text(await ask({ op: 'get', key })),
    set: async (key, value) => void (await ask({ op: 'set', key, value })),
    remove: async (key) => void (await ask({ op: 'remove', key })),
    receive(message) {
      const entry = waiting.get(message.id);
      if (!entry) return;
      waiting.delete(message.id);
      clearTimeout(entry.timer);
      if (message.ok) entry.resolve(message.value);
      else entry.reject(new Error(message.message));
    },
  };
}
