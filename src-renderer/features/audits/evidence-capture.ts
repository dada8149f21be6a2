/** Reads a picked file and adds it as evidence of one control, captured during this audit. */
import { call, complyflow } from '../../api/complyflow';
import { today } from './labels';

const readBase64 = (file: File) =>
  new Promise<string>((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(new Error(`Could not read “${file.name}”.`));
    reader.readAsDataURL(file);
  });

export async function captureEvidence(file: File, auditId: string, controlId: string, controlLabel: string) {
  const contentBase64 = await readBase64(file);
  const title = `${controlLabel}: ${file.name.replace(/\.[^.]{1,8}$/, '')}`.slice(0, 300);
  return call(
    complyflow().evidence.add({
      title,
      fileName: file.name,
      mimeType: file.type || undefined,
      contentBase64,
      asOfDate: today(),
      controlIds: [controlId],
      auditId,
    }),
  );
}
