/**
 * What the core asks of the desktop shell to hand a file to the user. Electron's dialog and
 * shell exist only in the main process, so the core's host implements this by asking main over
 * its parent port (host/parent-shell.ts); the browser host has none, and files go out as
 * downloads instead. Every path the core gives is inside the data folder; main checks that again.
 * The paths main gives back (a file chosen or dropped) are the user's own choice, made in main.
 */
export interface DesktopShell {
  /** Opens a file with the system's app for its type. */
  openFile(path: string): Promise<void>;
  /** Shows the save dialog with `suggestedName` and copies `source` there; the chosen path, or null when cancelled. */
  saveCopyAs(source: string, suggestedName: string): Promise<string | null>;
  /** Reveals a file in the system's file manager. */
  showInFolder(path: string): Promise<void>;
  /** The system's open dialog (one file); the chosen path, or null when cancelled. */
  chooseFile(): Promise<string | null>;
  /**
   * The path of a file the user dropped on a window, by the one-time token main minted for it
   * when the drop reached main (electron/files/drop-tokens.ts); refused when unknown or used.
   */
  redeemDrop(token: string): Promise<string>;
}
