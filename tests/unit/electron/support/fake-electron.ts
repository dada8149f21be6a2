/**
 * Fakes of the few Electron objects the shell's wiring touches (app, shell, session,
 * webContents), recording what the shell registers so a test can call it the way Electron
 * would. Electron's binary cannot run here; these stand in for it in tests/unit/electron only.
 * Shapes follow electron.d.ts (41 and 45): the event objects carry url / isMainFrame and
 * preventDefault; handlers receive the same arguments in the same order.
 */
import { EventEmitter } from 'node:events';
import type { App, Session, Shell, WebContents } from 'electron';

export interface FakeEvent {
  url: string;
  isMainFrame: boolean;
  defaultPrevented: boolean;
  preventDefault(): void;
}

export function fakeEvent(url: string, isMainFrame = true): FakeEvent {
  return {
    url,
    isMainFrame,
    defaultPrevented: false,
    preventDefault() {
      this.defaultPrevented = true;
    },
  };
}

type WindowOpenHandler = (details: { url: string }) => { action: 'allow' | 'deny' };

export class FakeWebContents extends EventEmitter {
  windowOpenHandler: WindowOpenHandler | null = null;
  setWindowOpenHandler(handler: WindowOpenHandler): void {
    this.windowOpenHandler = handler;
  }
  /** Emits `name` with a fresh event and answers it, as Electron does before acting. */
  fire(name: string, url: string, isMainFrame = true): FakeEvent {
    const event = fakeEvent(url, isMainFrame);
    this.emit(name, event);
    return event;
  }
  asElectron(): WebContents {
    return this as unknown as WebContents;
  }
}

export class FakeApp extends EventEmitter {
  asElectron(): Pick<App, 'on'> {
    return this as unknown as Pick<App, 'on'>;
  }
}

export class FakeShell {
  opened: string[] = [];
  openExternal(url: string): Promise<void> {
    this.opened.push(url);
    return Promise.resolve();
  }
  asElectron(): Pick<Shell, 'openExternal'> {
    return this as unknown as Pick<Shell, 'openExternal'>;
  }
}

type PermissionRequestHandler = (
  contents: unknown,
  permission: string,
  callback: (granted: boolean) => void,
  details: unknown,
) => void;
type PermissionCheckHandler = (contents: unknown, permission: string, origin: string, details: unknown) => boolean;
type DeviceHandler = (details: unknown) => boolean;
type BeforeRequestListener = (details: { url: string }, callback: (response: { cancel?: boolean }) => void) => void;
type ProtocolHandler = (request: Request) => Response | Promise<Response>;

export class FakeSession {
  permissionRequestHandler: PermissionRequestHandler | null = null;
  permissionCheckHandler: PermissionCheckHandler | null = null;
  devicePermissionHandler: DeviceHandler | null = null;
  beforeRequest: { filter: { urls: string[] }; listener: BeforeRequestListener } | null = null;
  protocols = new Map<string, ProtocolHandler>();

  setPermissionRequestHandler(handler: PermissionRequestHandler): void {
    this.permissionRequestHandler = handler;
  }
  setPermissionCheckHandler(handler: PermissionCheckHandler): void {
    this.permissionCheckHandler = handler;
  }
  setDevicePermissionHandler(handler: DeviceHandler): void {
    this.devicePermissionHandler = handler;
  }
  webRequest = {
    onBeforeRequest: (filter: { urls: string[] }, listener: BeforeRequestListener) => {
      this.beforeRequest = { filter, listener };
    },
  };
  protocol = {
    handle: (scheme: string, handler: ProtocolHandler) => {
      if (this.protocols.has(scheme)) throw new Error(`The scheme ${scheme} is already handled`);
      this.protocols.set(scheme, handler);
    },
  };

  /** What the session would do with a request to `url`: the listener's answer. */
  request(url: string): { cancel?: boolean } {
    if (!this.beforeRequest) throw new Error('no onBeforeRequest listener');
    let answer: { cancel?: boolean } | null = null;
    this.beforeRequest.listener({ url }, (response) => (answer = response));
    if (!answer) throw new Error('the listener did not answer');
    return answer;
  }

  asElectron(): Session {
    return this as unknown as Session;
  }
}
