/**
 * In the browser host there is no preload: this installs the same window.complyflow object,
 * built from the same API map, over the host's WebSocket. The per-run token arrives in the URL
 * fragment, is kept for this tab's session only, and is removed from the address bar.
 *
 * When the connection drops (the host restarted), the bridge reconnects with backoff (0.5 s
 * doubling to 10 s) and says so through `connection-state` (the status banner); calls made
 * meanwhile wait for the connection and are sent once it is back. The host reuses its port and
 * token across restarts (browser-host/host-session.ts), so the same tab gets back in.
 */
import { createApiClient, type Transport } from '../../src-shared/client';
import type { CoreMessage } from '../../src-shared/protocol';
import { setConnectionState } from './connection-state';

const TOKEN_KEY = 'complyflow.hostToken';
const FIRST_RETRY_MS = 500;
const MAX_RETRY_MS = 10_000;

function takeToken(): string | null {
  const match = /^#token=([A-Za-z0-9_-]+)/.exec(window.location.hash);
  if (match) {
    sessionStorage.setItem(TOKEN_KEY, match[1]);
    history.replaceState(null, '', `${window.location.pathname}#/`);
  }
  return sessionStorage.getItem(TOKEN_KEY);
}

/** This tab's host token, for the host's upload endpoint (null outside the browser host). */
export const hostToken = (): string | null => sessionStorage.getItem(TOKEN_KEY);

export function installWebSocketBridge(): void {
  const token = takeToken();
  const url = `${window.location.origin.replace(/^http/, 'ws')}/api?token=${encodeURIComponent(token ?? '')}`;
  let socket: WebSocket | null = null;
  let receive: (message: CoreMessage) => void = () => undefined;
  let opened!: () => void;
  let ready = new Promise<void>((resolve) => (opened = resolve));
  let attempt = 0;

  const connect = () => {
    const current = new WebSocket(url);
    socket = current;
    current.addEventListener('open', () => {
      attempt = 0;
      setConnectionState({ state: 'connected', attempt: 0, retryInMs: 0 });
      opened();
    });
    current.addEventListener('message', (event) => receive(JSON.parse(String(event.data)) as CoreMessage));
    current.addEventListener('close', () => {
      if (socket !== current) return;
      // Calls from now on wait for the next connection.
      ready = new Promise<void>((resolve) => (opened = resolve));
      attempt += 1;
      const retryInMs = Math.min(FIRST_RETRY_MS * 2 ** (attempt - 1), MAX_RETRY_MS);
      setConnectionState({ state: 'reconnecting', attempt, retryInMs });
      setTimeout(connect, retryInMs);
    });
  };
  connect();

  const transport: Transport = {
    send(message) {
      const payload = JSON.stringify(message);
      void ready.then(() => socket!.send(payload));
    },
    onMessage(handler) {
      receive = handler;
    },
  };
  window.complyflow = createApiClient(transport);
}
