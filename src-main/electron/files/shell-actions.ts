/**
 * The impure half of the file hand-off: carries out a checked request (shell-request.ts) with
 * Electron's dialog and shell and answers the core. Open uses the temporary copy the core wrote;
 * Save a copy asks where, then copies; Show in folder reveals the file; Choose a file opens the
 * system's open dialog; a dropped file's token is redeemed for the path the user confirmed.
 */
import { copyFile } from 'node:fs/promises';
import { app, BrowserWindow, dialog, shell } from 'electron';
import type { ShellReply } from '../../core/host/parent-port';
import { dropTokens } from './drop-tokens';
import { planShellRequest, saveDialogOptions } from './shell-request';

export async function runShellRequest(data: unknown, dataDir: string): Promise<ShellReply | null> {
  const checked = planShellRequest(data, dataDir);
  if ('refusal' in checked) return checked.refusal;
  const { plan } = checked;
  try {
    if (plan.action === 'open') {
      const problem = await shell.openPath(plan.path);
      if (problem) return { type: 'shell-reply', requestId: plan.requestId, ok: false, message: problem };
      return { type: 'shell-reply', requestId: plan.requestId, ok: true, path: plan.path };
    }
    if (plan.action === 'choose-file') {
      const window = BrowserWindow.getFocusedWindow();
      const options = { title: 'Add evidence', properties: ['openFile'] as 'openFile'[] };
      const chosen = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options);
      return {
        type: 'shell-reply',
        requestId: plan.requestId,
        ok: true,
        path: chosen.canceled ? null : (chosen.filePaths[0] ?? null),
      };
    }
    if (plan.action === 'redeem-drop') {
      const found = dropTokens.redeem(plan.token);
      return found.ok
        ? { type: 'shell-reply', requestId: plan.requestId, ok: true, path: found.path }
        : { type: 'shell-reply', requestId: plan.requestId, ok: false, message: found.message };
    }
    if (plan.action === 'show') {
      shell.showItemInFolder(plan.path);
      return { type: 'shell-reply', requestId: plan.requestId, ok: true, path: plan.path };
    }
    const window = BrowserWindow.getFocusedWindow();
    const options = saveDialogOptions(plan.defaultName, app.getPath('downloads'));
    const chosen = window ? await dialog.showSaveDialog(window, options) : await dialog.showSaveDialog(options);
    if (chosen.canceled || !chosen.filePath) return { type: 'shell-reply', requestId: plan.requestId, ok: true, path: null };
    await copyFile(plan.path, chosen.filePath);
    return { type: 'shell-reply', requestId: plan.requestId, ok: true, path: chosen.filePath };
  } catch (error) {
    return { type: 'shell-reply', requestId: plan.requestId, ok: false, message: (error as Error).message };
  }
}
