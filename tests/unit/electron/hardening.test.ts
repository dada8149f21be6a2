/**
 * The shell's hardening (src-main/electron/hardening.ts) as Electron would drive it: the
 * handlers it registers on a session and on every web contents, called with fakes of
 * Electron's objects and the arguments Electron passes.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { hardenAllWebContents, hardenContents, lockDownSession } from '../../../src-main/electron/hardening';
import { FakeApp, FakeSession, FakeShell, FakeWebContents } from './support/fake-electron';

describe('the session grants nothing', () => {
  let session: FakeSession;
  beforeEach(() => {
    session = new FakeSession();
    lockDownSession(session.asElectron());
  });

  it.each(['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'fullscreen', 'hid', 'unknown'])(
    'denies a request for %s',
    (permission) => {
      const answers: boolean[] = [];
      session.permissionRequestHandler?.({}, permission, (granted) => answers.push(granted), {
        requestingUrl: 'app://complyflow/index.html',
      });
      expect(answers).toEqual([false]);
    },
  );

  it('answers every permission check and device request with no, even for our own origin', () => {
    for (const permission of ['media', 'clipboard-read', 'serial', 'usb']) {
      expect(session.permissionCheckHandler?.({}, permission, 'app://complyflow', {})).toBe(false);
    }
    expect(session.devicePermissionHandler?.({ deviceType: 'usb', origin: 'app://complyflow' })).toBe(false);
  });

  it('sees every request, whatever its scheme', () => {
    expect(session.beforeRequest?.filter.urls).toEqual(['<all_urls>']);
  });

  it.each([
    'https://evil.example/steal?token=1',
    'http://127.0.0.1:54321/rest/v1/rpc/pull',
    'wss://realtime.example/socket',
    'ws://127.0.0.1:9229/',
    'file:///etc/passwd',
    'ftp://files.example/',
    'app://evil/index.html',
    'app://complyflow.evil/index.html',
    'app://user@complyflow/index.html',
    'blob:https://evil.example/0b1c',
    'chrome://settings',
  ])('cancels a request to %s', (url) => {
    expect(session.request(url)).toEqual({ cancel: true });
  });

  it.each([
    'app://complyflow/index.html',
    'app://complyflow/assets/index-Bx12.js',
    'blob:app://complyflow/7b0e7c0a-4c1e-4d3c-9a51-0f1b2c3d4e5f',
    'data:image/png;base64,iVBORw0KGgo=',
    'devtools://devtools/bundled/devtools_app.html',
  ])('lets %s through', (url) => {
    expect(session.request(url)).toEqual({ cancel: false });
  });
});

describe('every web contents the app creates is hardened', () => {
  let app: FakeApp;
  let shell: FakeShell;
  let contents: FakeWebContents;
  beforeEach(() => {
    app = new FakeApp();
    shell = new FakeShell();
    hardenAllWebContents(app.asElectron(), shell.asElectron());
    contents = new FakeWebContents();
    app.emit('web-contents-created', {}, contents);
  });

  it('refuses to attach a <webview>', () => {
    expect(contents.fire('will-attach-webview', 'https://evil.example/').defaultPrevented).toBe(true);
    expect(contents.fire('will-attach-webview', 'app://complyflow/index.html').defaultPrevented).toBe(true);
  });

  it('lets our own pages navigate and reload', () => {
    expect(contents.fire('will-navigate', 'app://complyflow/index.html#/audits').defaultPrevented).toBe(false);
    expect(shell.opened).toEqual([]);
  });

  it('keeps a window from navigating away, and sends an allowed link to the browser instead', () => {
    expect(contents.fire('will-navigate', 'https://evil.example/').defaultPrevented).toBe(true);
    expect(contents.fire('will-navigate', 'file:///etc/passwd').defaultPrevented).toBe(true);
    expect(contents.fire('will-navigate', 'https://csrc.nist.gov/pubs/sp/800/53/r5').defaultPrevented).toBe(true);
    expect(shell.opened).toEqual(['https://csrc.nist.gov/pubs/sp/800/53/r5']);
  });

  it('refuses redirects away from our origin', () => {
    expect(contents.fire('will-redirect', 'https://csrc.nist.gov/').defaultPrevented).toBe(true);
    expect(contents.fire('will-redirect', 'app://complyflow/index.html').defaultPrevented).toBe(false);
    expect(shell.opened).toEqual([]);
  });

  it('lets a subframe show only a blob: of our own page', () => {
    expect(contents.fire('will-frame-navigate', 'blob:app://complyflow/0b1c', false).defaultPrevented).toBe(false);
    expect(contents.fire('will-frame-navigate', 'https://evil.example/', false).defaultPrevented).toBe(true);
    expect(contents.fire('will-frame-navigate', 'app://complyflow/index.html', false).defaultPrevented).toBe(true);
    expect(contents.fire('will-frame-navigate', 'blob:https://evil.example/0b1c', false).defaultPrevented).toBe(true);
  });

  it('never opens a new window; an allowed link opens in the browser', () => {
    const open = contents.windowOpenHandler;
    expect(open).not.toBeNull();
    expect(open?.({ url: 'app://complyflow/index.html' })).toEqual({ action: 'deny' });
    expect(open?.({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    expect(shell.opened).toEqual([]);
    expect(open?.({ url: 'https://docs.complyflow.example/guide' })).toEqual({ action: 'deny' });
    expect(shell.opened).toEqual(['https://docs.complyflow.example/guide']);
  });

  it('hardens each new web contents, not only the first', () => {
    const second = new FakeWebContents();
    expect(second.fire('will-attach-webview', 'https://evil.example/').defaultPrevented).toBe(false);
    hardenContents(second.asElectron(), shell.asElectron());
    expect(second.fire('will-attach-webview', 'https://evil.example/').defaultPrevented).toBe(true);
    const third = new FakeWebContents();
    app.emit('web-contents-created', {}, third);
    expect(third.fire('will-navigate', 'https://evil.example/').defaultPrevented).toBe(true);
  });
});
