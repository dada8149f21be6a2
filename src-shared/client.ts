/**
 * Builds the caller's side of the API (window.complyflow) from the API map and a transport.
 * Used by the Electron preload (MessagePort) and the browser-host bridge (WebSocket), so both
 * expose exactly the same object.
 */
import { api, type ComplyflowApi, type Events } from './api';
import { ErrorCode } from './errors';
import type { CallMessage, CoreMessage } from './protocol';
import type { Result } from './result';

export interface Transport {
  send(message: CallMessage): void;
  /** Registers the one receiver of everything the core sends back. */
  onMessage(receive: (message: CoreMessage) => void): void;
}

export function createApiClient(transport: Transport): ComplyflowApi {
  let nextId = 1;
  const pending = new Map<number, (result: Result<unknown>) => void>();
  const listeners = new Map<string, Set<(payload: unknown) => void>>();

  transport.onMessage((message) => {
    if (message.kind === 'result') {
      pending.get(message.id)?.(message.result);
      pending.delete(message.id);
    } else if (message.kind === 'event') {
      for (const listener of listeners.get(message.name) ?? []) listener(message.payload);
    }
  });

  const call = (ns: string, methodName: string, input: unknown) =>
    new Promise<Result<unknown>>((resolve) => {
      const id = nextId++;
      pending.set(id, resolve);
      try {
        transport.send({ kind: 'call', id, ns, method: methodName, input });
      } catch (error) {
        pending.delete(id);
        resolve({ ok: false, error: { code: ErrorCode.Internal, message: `The app core is unreachable: ${String(error)}` } });
      }
    });

  const client: Record<string, unknown> = {};
  for (const [ns, methods] of Object.entries(api)) {
    const namespace: Record<string, (input: unknown) => Promise<Result<unknown>>> = {};
    for (const methodName of Object.keys(methods)) namespace[methodName] = (input) => call(ns, methodName, input);
    client[ns] = namespace;
  }
  client.events = {
    on(name: keyof Events & string, listener: (payload: unknown) => void) {
      const set = listeners.get(name) ?? new Set();
      set.add(listener);
      listeners.set(name, set);
      return () => set.delete(listener);
    },
  };
  return client as unknown as ComplyflowApi;
}
