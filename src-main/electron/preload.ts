/**
 * Runs in every window before the page, in the isolated world, sandboxed. Exposes exactly one
 * object, window.complyflow, built from the API map over a MessagePort to the core; the page
 * never sees ipcRenderer, the port or anything of Node.
 */
import { contextBridge, ipcRenderer } from 'electron';
import type { ComplyflowApi } from '../../src-shared/api';
import { createApiClient } from '../../src-shared/client';
import { IpcChannel } from './ipc-channels';
import { createPortTransport } from './port-transport';

const transport = createPortTransport();

// Only main can send on an ipcRenderer channel, so a port arriving here is main's.
ipcRenderer.on(IpcChannel.corePort, (event) => {
  const [port] = event.ports;
  if (port) transport.attach(port);
});
ipcRenderer.send(IpcChannel.connectCore);

const complyflow = createApiClient(transport) satisfies ComplyflowApi;
contextBridge.exposeInMainWorld('complyflow', complyflow);
