/**
 * The preload's side of the MessagePort to the core, as a Transport for createApiClient.
 * window.complyflow must exist before the page's first script runs, but the port arrives a
 * moment later from main: calls made before then wait in order and go out once it is here.
 */
import type { Transport } from '../../src-shared/client';
import type { CallMessage, CoreMessage } from '../../src-shared/protocol';

/** The parts of the DOM MessagePort the preload receives that this transport uses. */
export interface PortLike {
  postMessage(message: unknown): void;
  onmessage: ((event: { data: unknown }) => void) | null;
  start(): void;
  close(): void;
}

export interface PortTransport extends Transport {
  /** Hands over the port from main; a later port (after a reload of the core) replaces it. */
  attach(port: PortLike): void;
}

function isCoreMessage(data: unknown): data is CoreMessage {
  const kind = (data as { kind?: unknown } | null)?.kind;
  return kind === 'result' || kind === 'event';
}

export function createPortTransport(): PortTransport {
  let port: PortLike | null = null;
  const queue: CallMessage[] = [];
  let receive: (message: CoreMessage) => void = () => undefined;

  return {
    send(message) {
      if (port) port.postMessage(message);
      else queue.push(message);
    },
    onMessage(handler) {
      receive = handler;
    },
    attach(next) {
      port?.close();
      port = next;
      next.onmessage = (event) => {
        if (isCoreMessage(event.data)) receive(event.data);
      };
      next.start();
      for (const message of queue.splice(0)) next.postMessage(message);
    },
  };
}
