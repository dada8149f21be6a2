/**
 * In the browser host there is no preload: this installs the same window.complyflow object,
 * built from the same API map, over the host's WebSocket. The per-run token arrives in the URL
 * fragment, is kept for this tab's session only, and is removed from the address bar.
 */
import { createApiClient, type Transport } from '../../src-shared/client';
import type { CoreMessage } from '../../src-shared/protocol';

const TOKEN_KEY = 'complyflow.hostToken';

function takeToken(): string | null {
  const match = /^#token=([A-Za-z0-9_-]+)/.exec(window.location.hash);
  if (match) {
    sessionStorage.setItem(TOKEN_KEY, match[1]);
    history.replaceState(null, '', `${window.location.pathname}#/`);
  }
  return sessionStorage.getItem(TOKEN_KEY);
}

export function installWebSocketBridge(): void {
  const token = takeToken();
  const url = `${window.location.origin.replace(/^http/, 'ws')}/api?token=${encodeURIComponent(token ?? '')}`;
  let socket: WebSocket;
  let ready: Promise<void>;
  let receive: (message: CoreMessage) => void = () => undefined;

  const connect = () => {
    socket = new WebSocket(url);
    ready = new Promise((resolve, reject) => {
      socket.addEventListener('open', () => resolve(), { once: true });
      socket.addEventListener('error', () => reject(new Error('The ComplyFlow host refused the connection.')), { once: true });
    });
    socket.addEventListener('message', (event) => receive(JSON.parse(String(event.data)) as CoreMessage));
  };
  connect();

  const transport: Transport = {
    send(message) {
      const payload = JSON.stringify(message);
      const attempt = () => {
        if (socket.readyState === WebSocket.CLOSED || socket.readyState === WebSocket.CLOSING) connect();
        return ready.then(() => socket.send(payload));
      };
      attempt().catch((error: unknown) =>
        receive({
          kind: 'result',
          id: message.id,
          result: { ok: false, error: { code: 'INTERNAL', message: String((error as Error).message) } },
        }),
      );
    },
    onMessage(handler) {
      receive = handler;
    },
  };
  window.complyflow = createApiClient(transport);
}
