/**
 * Handing a file to the user from the renderer: whether the desktop's dialogs are there
 * (asked once), and a download of bytes the API returned (browser host), saved under the
 * sanitized name the core chose. No Node, no file system: only a blob URL and an <a download>.
 */
import { useEffect, useState } from 'react';
import type { FileDownload } from '../../src-shared/domain/files';
import { call, complyflow } from '../api/complyflow';

let native: Promise<boolean> | null = null;

/** True in the desktop app, false in the browser host; null until known. */
export function useNativeFiles(): boolean | null {
  const [value, setValue] = useState<boolean | null>(null);
  useEffect(() => {
    native ??= call(complyflow().app.fileActions({})).then(
      (r) => r.native,
      () => false,
    );
    let live = true;
    void native.then((v) => live && setValue(v));
    return () => {
      live = false;
    };
  }, []);
  return value;
}

export function saveDownload(file: FileDownload): void {
  const binary = atob(file.contentBase64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  // application/octet-stream: the browser saves the file and never renders it (an HTML evidence file stays inert).
  const url = URL.createObjectURL(new Blob([bytes], { type: 'application/octet-stream' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = file.fileName;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
