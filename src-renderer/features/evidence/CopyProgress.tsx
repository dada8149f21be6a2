/**
 * "Copying into ComplyFlow… 12 MB of 38 MB" with a progress bar, while a picked file is staged
 * (streamed into the app and hashed): the evidence form and the fieldwork capture both show it.
 */
import { formatBytes } from '../../../src-shared/domain/evidence';

export interface Copied {
  done: number;
  total: number;
}

export function CopyProgress({ copied, fileName }: { copied: Copied | null; fileName?: string }) {
  const what = fileName ? `Copying “${fileName}” into ComplyFlow…` : 'Copying into ComplyFlow…';
  if (!copied || copied.total <= 0) return <>{what}</>;
  return (
    <>
      {what} {formatBytes(copied.done)} of {formatBytes(copied.total)}{' '}
      <progress aria-label="Copying the file" max={copied.total} value={copied.done} />
    </>
  );
}
