/**
 * The window → main IPC: one channel, asking for a port to the core. Answered only for the
 * main frame of one of our windows showing our own origin; anything else is dropped and
 * logged.
 */
import { BrowserWindow, ipcMain, type IpcMainEvent } from 'electron';
import type { CoreProcess } from './core-process';
import { IpcChannel } from './ipc-channels';
import { isTrustedSender } from './security/sender';

export function handleCoreConnections(core: CoreProcess, isOurWindow: (window: BrowserWindow) => boolean): void {
  ipcMain.on(IpcChannel.connectCore, (event: IpcMainEvent) => {
    const window = BrowserWindow.fromWebContents(event.sender);
    if (!window || !isOurWindow(window) || !isTrustedSender(event.senderFrame, event.sender.mainFrame)) {
      console.warn(`[ipc] refused ${IpcChannel.connectCore} from ${event.senderFrame?.url ?? 'a destroyed frame'}`);
      return;
    }
    const port = core.connect(window.id);
    event.sender.postMessage(IpcChannel.corePort, null, [port]);
  });
}
