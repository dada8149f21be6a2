/**
 * What the evidence detail decides from where its file is: whether the file can be opened
 * here (the preview and Open wait until then), and what the preview says meanwhile.
 */
import type { FileStatus } from '../../../src-shared/domain/transfers';

interface Known {
  status: FileStatus | null;
  error: string | null;
}

/** True when the file is here, or when where it is cannot be told (the open call then says why). */
export const fileIsHere = (file: Known) => (file.status ? file.status.availability === 'local' : file.error !== null);

/** What the preview says while the file is not here. */
export function previewWaitText(file: Known): string {
  const where = file.status?.availability;
  if (!where) return 'Loading preview…';
  if (where === 'damaged') return 'No preview: the file on the server is damaged (see above).';
  if (where === 'downloading') return 'The preview appears once the download has finished and the file is verified.';
  return 'No preview: the file is not on this computer. Download it to see it here.';
}
