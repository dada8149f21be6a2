import { describe, expect, it } from 'vitest';
import { windowOptions } from '../../../../src-main/electron/security/window-options';

describe('every window is created hardened', () => {
  const options = windowOptions({ preloadPath: '/app/dist/main/preload.cjs', devTools: false });
  const web = options.webPreferences!;

  it('isolates and sandboxes the page and gives it no Node', () => {
    expect(web).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
    });
  });

  it('keeps the web security model on', () => {
    expect(web).toMatchObject({
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
    });
    expect(web.enableBlinkFeatures).toBeUndefined();
    expect(web.additionalArguments).toBeUndefined();
  });

  it('loads our preload and only allows DevTools when asked', () => {
    expect(web.preload).toBe('/app/dist/main/preload.cjs');
    expect(web.devTools).toBe(false);
    expect(windowOptions({ preloadPath: '/p.cjs', devTools: true }).webPreferences!.devTools).toBe(true);
  });

  it('does not show a window before it has painted', () => {
    expect(options.show).toBe(false);
  });
});
