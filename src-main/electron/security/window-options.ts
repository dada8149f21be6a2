/**
 * The BrowserWindow options every ComplyFlow window is created with. The renderer is an
 * untrusted web page as far as Node is concerned: isolated, sandboxed, no Node, no webviews.
 */
import type { BrowserWindowConstructorOptions } from 'electron';

export interface WindowOptionsInput {
  /** Absolute path of the bundled preload (dist/main/preload.cjs). */
  preloadPath: string;
  /** DevTools only in development builds. */
  devTools: boolean;
}

export function windowOptions({ preloadPath, devTools }: WindowOptionsInput): BrowserWindowConstructorOptions {
  return {
    width: 1280,
    height: 820,
    minWidth: 900,
    minHeight: 600,
    title: 'ComplyFlow',
    // Shown on ready-to-show, so a window never flashes blank.
    show: false,
    backgroundColor: '#ffffff',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: true,
      // Chromium's PDF viewer, for evidence previews (blob: frames only, see decideFrameNavigation).
      plugins: true,
      devTools,
    },
  };
}
