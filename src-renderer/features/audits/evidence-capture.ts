/** Stages a picked file (streamed to the app, never read into the page) and adds it as evidence of one control, captured during this audit. */
import { call, complyflow } from '../../api/complyflow';
import { stageFile } from '../evidence/intake';
import { today } from './labels';

export async function captureEvidence(
  file: File,
  auditId: string,
  controlId: string,
  controlLabel: string,
  onProgress?: (done: number, total: number) => void,
) {
  const staged = await stageFile(file, auditId, onProgress);
  const title = `${controlLabel}: ${file.name.replace(/\.[^.]{1,8}$/, '')}`.slice(0, 300);
  return call(
    complyflow().evidence.add({
      title,
      stagedFileId: staged.id,
      asOfDate: today(),
      controlIds: [controlId],
      auditId,
    }),
  );
}
