/**
 * Applies to every web contents the app ever creates (windows, DevTools, anything a library
 * might open): no navigation away from our origin, no new windows, no <webview>, and the
 * session grants no permission (camera, notifications, geolocation, clipboard read, …) and
 * sends no request outside app:// (./security/requests). Electron's objects are parameters, so
 * tests/unit/electron/hardening.test.ts drives these handlers with fakes of them.
 */
import type { App, Session, Shell, WebContents } from 'electron';
import { decideFrameNavigation, decideNavigation, decideWindowOpen } from './security/navigation';
import { allowsRequest } from './security/requests';

type OpenExternal = Pick<Shell, 'openExternal'>;

function openOutside(shell: OpenExternal, url: string) {
  void shell.openExternal(url).catch((error: unknown) => console.error('[shell] could not open a link', error));
}

export function hardenContents(contents: WebContents, shell: OpenExternal): void {
  contents.on('will-navigate', (event) => {
    const decision = decideNavigation(event.url);
    if (decision.action === 'allow') return;
    event.preventDefault();
    if (decision.action === 'open-external') openOutside(shell, decision.url);
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
    if (decision.action === 'open-external') openOutside(shell, decision.url);
    return { action: 'deny' };
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

export function hardenAllWebContents(app: Pick<App, 'on'>, shell: OpenExternal): void {
  app.on('web-contents-created', (_event, contents) => hardenContents(contents, shell));
}

export function lockDownSession(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
  session.webRequest.onBeforeRequest({ urls: ['<all_urls>'] }, (details, callback) =>
    callback({ cancel: !allowsRequest(details.url) }),
  );
}
