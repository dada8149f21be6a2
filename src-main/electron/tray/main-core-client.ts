/**
 * Main's own connection to the core, for the few things the shell itself must know (the sync
 * status and the tray preference when the last window closes). Same API map and router as a
 * window: main gets no call a window could not make, and no back door.
 */
import type { MessagePortMain } from 'electron';
import type { ComplyflowApi } from '../../../src-shared/api';
import { createApiClient } from '../../../src-shared/client';
import type { CoreMessage } from '../../../src-shared/protocol';
import type { CoreProcess } from '../core-process';

/** Main is not a window: its connection uses an id no BrowserWindow has. */
const MAIN_CONNECTION_ID = 0;

export function connectMainToCore(core: CoreProcess): { api: ComplyflowApi; close(): void } {
  const port: MessagePortMain = core.connect(MAIN_CONNECTION_ID);
  const api = createApiClient({
    send: (message) => port.postMessage(message),
    onMessage(receive) {
      port.on('message', (event) => receive(event.data as CoreMessage));
    },
  });
  port.start();
  return { api, close: () => port.close() };
}
