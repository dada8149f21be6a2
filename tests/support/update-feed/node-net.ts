/**
 * What electron-updater needs from Electron itself, for a run without Electron's binary:
 *   - its HTTP executor with Node's http/https in place of `electron.net.request` (everything
 *     else, download with sha512 check, ranges, redirects, is electron-updater's own code);
 *   - `require('electron').autoUpdater`, which quitAndInstall tells "before-quit-for-update".
 */
import { EventEmitter } from 'node:events';
import { request as httpRequest, type IncomingMessage, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { createRequire } from 'node:module';
import { ElectronHttpExecutor } from 'electron-updater/out/electronHttpExecutor';

export class NodeNetExecutor extends ElectronHttpExecutor {
  constructor() {
    super(null as never);
  }
  override createRequest(options: RequestOptions & { protocol?: string }, callback: (response: IncomingMessage) => void) {
    // Node's ClientRequest has what HttpExecutor uses (on, end, abort); Electron's type has more.
    const request = (options.protocol === 'https:' ? httpsRequest : httpRequest)(options, callback);
    return request as unknown as ReturnType<ElectronHttpExecutor['createRequest']>;
  }
  override addRedirectHandlers(): void {
    // Node's responses carry the 3xx status; HttpExecutor follows them itself.
  }
}

/** Puts a minimal `electron` module (autoUpdater events only) where electron-updater requires it. */
export function provideElectronModuleStandIn(): EventEmitter {
  const fromUpdater = createRequire(createRequire(import.meta.url).resolve('electron-updater'));
  const id = fromUpdater.resolve('electron');
  const autoUpdater = new EventEmitter();
  const cache = fromUpdater.cache;
  cache[id] = { id, filename: id, loaded: true, exports: { autoUpdater } } as unknown as NodeJS.Module;
  return autoUpdater;
}
