/**
 * The pure half of the file hand-off in main: what the core may ask for, checked before any
 * dialog or shell call. The core is ours, but a request still names only files inside the data
 * folder (the blob store, the exports folder, the temporary copies), and a suggested name is a
 * plain file name: never a path that climbs out, never a file the user did not mean to hand over.
 */
import path from 'node:path';
import { z } from 'zod';
import type { ShellReply } from '../../core/host/parent-port';

export const ShellRequestSchema = z.discriminatedUnion('action', [
  z.object({ type: z.literal('shell-request'), requestId: z.string().max(100), action: z.literal('open'), path: z.string() }),
  z.object({
    type: z.literal('shell-request'),
    requestId: z.string().max(100),
    action: z.literal('save-copy'),
    path: z.string(),
    suggestedName: z.string(),
  }),
  z.object({ type: z.literal('shell-request'), requestId: z.string().max(100), action: z.literal('show'), path: z.string() }),
  z.object({ type: z.literal('shell-request'), requestId: z.string().max(100), action: z.literal('choose-file') }),
  z.object({
    type: z.literal('shell-request'),
    requestId: z.string().max(100),
    action: z.literal('redeem-drop'),
    token: z.string().max(100),
  }),
]);
export type CheckedShellRequest = z.infer<typeof ShellRequestSchema>;

/** Where the core may point: the folders it writes files for the user into, and the blob store. */
const ALLOWED_FOLDERS = ['blobs', 'exports', path.join('tmp', 'open'), 'workspaces'];

export function isInside(folder: string, file: string): boolean {
  const relative = path.relative(folder, file);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}

/** A name for a save dialog: the last segment only, no control characters, never empty. */
export function dialogName(name: string): string {
  const last = name.split(/[\\/]/).pop() ?? '';
  const printable = Array.from(last, (c) => (c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f ? '_' : c)).join('');
  const clean = printable
    .replace(/[<>:"|?*]/g, '_')
    .replace(/^\.+/, '')
    .trim();
  return clean || 'file';
}

export type ShellPlan =
  | { requestId: string; action: 'open'; path: string }
  | { requestId: string; action: 'show'; path: string }
  | { requestId: string; action: 'save-copy'; path: string; defaultName: string }
  | { requestId: string; action: 'choose-file' }
  | { requestId: string; action: 'redeem-drop'; token: string };

/** Validates a message from the core; answers the plan, or the reply refusing it. */
export function planShellRequest(data: unknown, dataDir: string): { plan: ShellPlan } | { refusal: ShellReply | null } {
  const parsed = ShellRequestSchema.safeParse(data);
  if (!parsed.success) return { refusal: null };
  const request = parsed.data;
  // These name no file of ours: the user chooses in main's dialog, or confirmed a drop there.
  if (request.action === 'choose-file') return { plan: { requestId: request.requestId, action: 'choose-file' } };
  if (request.action === 'redeem-drop')
    return { plan: { requestId: request.requestId, action: 'redeem-drop', token: request.token } };
  const file = path.resolve(request.path);
  const root = path.resolve(dataDir);
  const allowed = path.isAbsolute(request.path) && ALLOWED_FOLDERS.some((folder) => isInside(path.join(root, folder), file));
  if (!allowed) {
    return {
      refusal: {
        type: 'shell-reply',
        requestId: request.requestId,
        ok: false,
        message: 'That file is not one ComplyFlow hands over (it is outside the app’s data folder).',
      },
    };
  }
  if (request.action === 'save-copy')
    return {
      plan: { requestId: request.requestId, action: 'save-copy', path: file, defaultName: dialogName(request.suggestedName) },
    };
  return {
    plan:
      request.action === 'open'
        ? { requestId: request.requestId, action: 'open', path: file }
        : { requestId: request.requestId, action: 'show', path: file },
  };
}

/** Save dialog options: the suggested name in the user's Downloads, filtered by its extension. */
export function saveDialogOptions(defaultName: string, downloadsDir: string) {
  const ext = path.extname(defaultName).slice(1);
  return {
    title: 'Save a copy',
    defaultPath: path.join(downloadsDir, defaultName),
    filters: ext
      ? [
          { name: `${ext.toUpperCase()} file`, extensions: [ext] },
          { name: 'All files', extensions: ['*'] },
        ]
      : [],
    properties: ['createDirectory', 'showOverwriteConfirmation'] as ('createDirectory' | 'showOverwriteConfirmation')[],
  };
}
