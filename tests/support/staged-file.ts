/**
 * Stages a file in a core the way the browser host's upload endpoint does (a one-time ticket,
 * then the bytes streamed in chunks), so tests add evidence by `stagedFileId` as the app does.
 * Names are any text (hostile ones included): the name travels with the ticket, never as a path.
 */
import type { StagedFiles } from '../../src-main/core/files/staged-files';
import type { StagedFile } from '../../src-shared/domain/evidence';

async function* chunksOf(bytes: Buffer, size = 64 * 1024) {
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

export async function stageBytes(
  core: { staged: StagedFiles },
  bytes: Buffer | string,
  fileName = 'evidence.txt',
): Promise<StagedFile> {
  const body = typeof bytes === 'string' ? Buffer.from(bytes) : bytes;
  const { uploadId } = core.staged.reserveUpload(fileName, body.length);
  return core.staged.receiveUpload(uploadId, chunksOf(body));
}

/** The id of a freshly staged file, for `evidence.add` / `evidence.replaceFile` inputs. */
export const stagedId = async (core: { staged: StagedFiles }, bytes: Buffer | string, fileName?: string) =>
  (await stageBytes(core, bytes, fileName)).id;
