/**
 * The drop channel in main: the preload sends the paths of one drop (webUtils.getPathForFile);
 * main checks the sender and each path, asks the user in a native dialog, and answers one-time
 * tokens (drop-tokens.ts explains why a path from the renderer is never enough on its own).
 */
import { BrowserWindow, dialog, ipcMain } from 'electron';
import { formatBytes } from '../../../src-shared/domain/evidence';
import { IpcChannel } from '../ipc-channels';
import { isTrustedSender } from '../security/sender';
import { checkDroppedPath, dropTokens, MAX_DROPPED_FILES } from './drop-tokens';

export type DropAnswer = { tokens: string[] } | { refused: string };

export function handleDrops(dataDir: string, isOurWindow: (window: BrowserWindow) => boolean): void {
  ipcMain.handle(IpcChannel.dropFiles, async (event, paths: unknown): Promise<DropAnswer> => {
    const window = BrowserWindow.fromWebContents(event.sender);
    if (!window || !isOurWindow(window) || !isTrustedSender(event.senderFrame, event.sender.mainFrame))
      return { refused: 'This window may not hand files to ComplyFlow.' };
    if (!Array.isArray(paths) || paths.length === 0 || paths.length > MAX_DROPPED_FILES)
      return { refused: `Drop between 1 and ${MAX_DROPPED_FILES} files at a time.` };
    const checked = paths.map((p) => checkDroppedPath(p, dataDir));
    const problem = checked.find((c) => !c.ok);
    if (problem && !problem.ok) return { refused: problem.message };
    const files = checked.filter((c) => c.ok);
    const total = files.reduce((sum, f) => sum + f.sizeBytes, 0);
    const answer = await dialog.showMessageBox(window, {
      type: 'question',
      buttons: ['Add', 'Cancel'],
      defaultId: 0,
      cancelId: 1,
      title: 'Add evidence',
      message: files.length === 1 ? `Add “${files[0].name}” as evidence?` : `Add ${files.length} files as evidence?`,
      detail: `${files.map((f) => f.path).join('\n')}\n\n${formatBytes(total)} in all.`,
    });
    if (answer.response !== 0) return { refused: 'Not added.' };
    return { tokens: files.map((f) => dropTokens.mint(f.path)) };
  });
}
