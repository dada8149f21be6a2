/**
 * Getting a file into the app as a staged file (copied into the store and hashed by the core),
 * never as bytes in a message. In the browser host the page streams the File to the host's upload
 * endpoint (PUT, one-time ticket from evidence.beginUpload, the tab's host token); in the desktop
 * app a dropped File becomes a one-time token from the preload, and the picker is main's dialog
 * (evidence.chooseFile). Progress of the copy arrives as `job.progress` for the ticket or the
 * progressId given.
 */
import { DROP_BRIDGE_GLOBAL, type DroppedFileBridge } from '../../../src-shared/domain/files';
import { StagedFile } from '../../../src-shared/domain/evidence';
import { call, complyflow } from '../../api/complyflow';
import { hostToken } from '../../api/bridge-websocket';

export type Progress = (done: number, total: number) => void;

/** The desktop app's drop bridge (preload); undefined in the browser host. */
export const dropBridge = (): DroppedFileBridge | undefined =>
  (window as unknown as Record<string, DroppedFileBridge | undefined>)[DROP_BRIDGE_GLOBAL];

/** Follows the core's progress events for one copy; returns the unsubscribe function. */
function follow(jobId: string, onProgress?: Progress): () => void {
  if (!onProgress) return () => undefined;
  return complyflow().events.on('job.progress', (p) => {
    if (p.jobId === jobId) onProgress(p.done, p.total);
  });
}

async function upload(file: File, auditId: string | null, onProgress?: Progress): Promise<StagedFile> {
  const ticket = await call(complyflow().evidence.beginUpload({ fileName: file.name, sizeBytes: file.size, auditId }));
  const stop = follow(ticket.uploadId, onProgress);
  try {
    let response: Response;
    try {
      response = await fetch(ticket.uploadPath, {
        method: 'PUT',
        body: file,
        headers: { authorization: `Bearer ${hostToken() ?? ''}`, 'content-type': 'application/octet-stream' },
      });
    } catch {
      throw new Error(`“${file.name}” could not be sent to the app (the connection dropped, or the file could not be read).`);
    }
    const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
    if (!response.ok) throw new Error(body?.error?.message ?? `“${file.name}” was refused (${response.status}).`);
    return StagedFile.parse(body);
  } finally {
    stop();
  }
}

/**
 * Stages a File the user picked or dropped in the page. In the desktop app it goes by the token
 * main minted for it (`dropToken`, asked for the whole drop at once), or one asked for now.
 */
export async function stageFile(file: File, auditId: string | null, onProgress?: Progress, token?: string): Promise<StagedFile> {
  const bridge = dropBridge();
  if (!bridge) return upload(file, auditId, onProgress);
  const progressId = crypto.randomUUID();
  const stop = follow(progressId, onProgress);
  try {
    const dropToken = token ?? (await bridge.dropTokens([file]))[0];
    return await call(complyflow().evidence.stageDropped({ dropToken, auditId, progressId }));
  } finally {
    stop();
  }
}

/** Desktop app: main's open dialog; null when the user cancelled. */
export async function chooseAndStage(auditId: string | null, onProgress?: Progress): Promise<StagedFile | null> {
  const progressId = crypto.randomUUID();
  const stop = follow(progressId, onProgress);
  try {
    return (await call(complyflow().evidence.chooseFile({ auditId, progressId }))).staged;
  } finally {
    stop();
  }
}
