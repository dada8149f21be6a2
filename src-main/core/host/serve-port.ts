/**
 * Serves one window's MessagePort: every call on it goes through the core's router (which
 * validates shape and payload), its answer goes back on the same port, and every core event
 * is forwarded to it until the window's end of the port closes.
 */
import type { Core } from '../core';
import type { CorePort } from './parent-port';

export function servePort(core: Pick<Core, 'router' | 'onEvent'>, port: CorePort): void {
  let open = true;
  const post = (message: unknown) => {
    if (open) port.postMessage(message);
  };
  const unsubscribe = core.onEvent((name, payload) => post({ kind: 'event', name, payload }));
  port.on('message', (event) => {
    void core.router.dispatch(event.data, { actor: 'local' }).then((answer) => answer && post(answer));
  });
  port.on('close', () => {
    open = false;
    unsubscribe();
  });
  port.start();
}
