/**
 * Applies to every web contents the app ever creates (windows, DevTools, anything a library
 * might open): no navigation away from our origin, no new windows, no <webview>, and the
 * session grants no permission (camera, notifications, geolocation, clipboard read, …) and
 * sends no request to the network.
 */
import { app, shell, type Session, type WebContents } from 'electron';
import { decideFrameNavigation, decideNavigation, decideWindowOpen } from './security/navigation';

function openOutside(url: string) {
  void shell.openExternal(url).catch((error: unknown) => console.error('[shell] could not open a link', error));
}

function hardenContents(contents: WebContents) {
  contents.on('will-navigate', (event) => {
    const decision = decideNavigation(event.url);
    if (decision.action === 'allow') return;
    event.preventDefault();
    if (decision.action === 'open-external') openOutside(decision.url);
  });
  // Subframes show only blob: URLs of our own page (PDF previews); the CSP says the same.
  contents.on('will-frame-navigate', (event) => {
    if (!event.isMainFrame && decideFrameNavigation(event.url).action !== 'allow') event.preventDefault();
  });
  contents.on('will-redirect', (event) => {
    if (decideNavigation(event.url).action !== 'allow') event.preventDefault();
  });
  contents.setWindowOpenHandler(({ url }) => {
    const decision = decideWindowOpen(url);
    if (decision.action === 'open-external') openOutside(decision.url);
    return { action: 'deny' };
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

export function hardenAllWebContents(): void {
  app.on('web-contents-created', (_event, contents) => hardenContents(contents));
}

export function lockDownSession(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
  // The renderer reaches the core over a MessagePort; it has no business on the network.
  session.webRequest.onBeforeRequest({ urls: ['http://*/*', 'https://*/*', 'ws://*/*', 'wss://*/*'] }, (_details, callback) =>
    callback({ cancel: true }),
  );
}
