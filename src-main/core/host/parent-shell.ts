/**
 * The DesktopShell of the core when it runs as Electron's utility process: each request goes to
 * main over the parent port with an id, and main's reply (validated here) settles it. A reply
 * that never comes (main busy with a dialog the user left open) simply keeps the call waiting,
 * as a native dialog would.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { AppError, ErrorCode } from '../../../src-shared/errors';
import type { DesktopShell } from '../files/desktop-shell';
import type { ParentPort, ShellRequest } from './parent-port';

export const ShellReplySchema = z.discriminatedUnion('ok', [
  z.object({ type: z.literal('shell-reply'), requestId: z.string(), ok: z.literal(true), path: z.string().nullable() }),
  z.object({ type: z.literal('shell-reply'), requestId: z.string(), ok: z.literal(false), message: z.string() }),
]);

type Pending = { resolve(path: string | null): void; reject(error: Error): void };
type Request = ShellRequest extends infer R ? (R extends ShellRequest ? Omit<R, 'type' | 'requestId'> : never) : never;

export function parentPortShell(parentPort: Pick<ParentPort, 'postMessage'>): DesktopShell & { onReply(data: unknown): boolean } {
  const pending = new Map<string, Pending>();
  const ask = (request: Request) =>
    new Promise<string | null>((resolve, reject) => {
      const requestId = randomUUID();
      pending.set(requestId, { resolve, reject });
      parentPort.postMessage({ type: 'shell-request', requestId, ...request });
    });
  return {
    /** Feeds a message from main; true when it was a reply to one of ours. */
    onReply(data) {
      const reply = ShellReplySchema.safeParse(data);
      if (!reply.success) return false;
      const waiting = pending.get(reply.data.requestId);
      if (!waiting) return false;
      pending.delete(reply.data.requestId);
      if (reply.data.ok) waiting.resolve(reply.data.path);
      else waiting.reject(new AppError(ErrorCode.Internal, reply.data.message));
      return true;
    },
    async openFile(path) {
      await ask({ action: 'open', path });
    },
    saveCopyAs: (path, suggestedName) => ask({ action: 'save-copy', path, suggestedName }),
    async showInFolder(path) {
      await ask({ action: 'show', path });
    },
    chooseFile: () => ask({ action: 'choose-file' }),
    async redeemDrop(token) {
      const path = await ask({ action: 'redeem-drop', token });
      if (path === null) throw new AppError(ErrorCode.FileRejected, 'That dropped file is not known: drop it again.');
      return path;
    },
  };
}
