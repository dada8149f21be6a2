/**
 * Creates the app's windows: hardened options, our app:// entry page, shown when painted.
 * Keeps the set of windows it made so IPC can tell ours from anything else.
 */
import path from 'node:path';
import { app, BrowserWindow } from 'electron';
import { APP_ENTRY_URL } from './security/app-origin';
import { windowOptions } from './security/window-options';

const ours = new Set<BrowserWindow>();

export const isOurWindow = (window: BrowserWindow): boolean => ours.has(window);

export function createMainWindow(): BrowserWindow {
  const window = new BrowserWindow(
    windowOptions({ preloadPath: path.join(__dirname, 'preload.cjs'), devTools: !app.isPackaged }),
  );
  ours.add(window);
  window.once('ready-to-show', () => window.show());
  window.on('closed', () => ours.delete(window));
  void window.loadURL(APP_ENTRY_URL);
  return window;
}

export const hasWindow = (): boolean => ours.size > 0;

export function focusMainWindow(): void {
  const [window] = ours;
  if (!window) return;
  if (window.isMinimized()) window.restore();
  window.focus();
}
