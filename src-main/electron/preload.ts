/**
 * Runs in every window before the page, in the isolated world, sandboxed. Exposes
 * window.complyflow, built from the API map over a MessagePort to the core, and the drop bridge
 * (tokens for dropped files); the page never sees ipcRenderer, the port, a path or anything of Node.
 */
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { DROP_BRIDGE_GLOBAL, type DroppedFileBridge } from '../../src-shared/domain/files';
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

/**
 * Drag and drop: the paths of the dropped Files go to main, which asks the user and answers one
 * token per file (electron/files/drop-tokens.ts); the page sees tokens, never paths.
 */
const dropBridge = {
  async dropTokens(files: unknown[]) {
    const paths = files.map((file) => (file instanceof File ? webUtils.getPathForFile(file) : ''));
    const answer = (await ipcRenderer.invoke(IpcChannel.dropFiles, paths)) as { tokens: string[] } | { refused: string };
    if ('refused' in answer) throw new Error(answer.refused);
    return answer.tokens;
  },
} satisfies DroppedFileBridge;
contextBridge.exposeInMainWorld(DROP_BRIDGE_GLOBAL, dropBridge);
