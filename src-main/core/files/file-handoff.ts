/**
 * Files going out to the user: as a download through the API (browser host, size-capped), or
 * through the desktop shell. Names are sanitized before they reach a dialog or a temp folder;
 * a temporary copy for "open" of active content (HTML, SVG, scripts) gets ".txt" so the system
 * shows its text instead of running it.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { formatBytes } from '../../../src-shared/domain/evidence';
import { DOWNLOAD_MAX_BYTES, type FileActionOutcome, type FileDownload } from '../../../src-shared/domain/files';
import { AppError, ErrorCode } from '../../../src-shared/errors';
import { neutralizeActiveContent } from '../exports/active-content';
import { safeFileName } from '../exports/zip-names';
import type { DesktopShell } from './desktop-shell';

export function requireDesktop(desktop: DesktopShell | undefined, what: string): DesktopShell {
  if (!desktop)
    throw new AppError(ErrorCode.Conflict, `${what} needs the desktop app; in the browser, download the file instead.`);
  return desktop;
}

export function asDownload(
  file: { name: string; mimeType: string; sha256: string; sizeBytes: number },
  read: () => Buffer,
): FileDownload {
  if (file.sizeBytes > DOWNLOAD_MAX_BYTES) {
    throw new AppError(
      ErrorCode.FileRejected,
      `“${safeFileName(file.name)}” is ${formatBytes(file.sizeBytes)}; downloads in the browser go up to ${formatBytes(DOWNLOAD_MAX_BYTES)}. Use the desktop app to save it.`,
    );
  }
  return {
    fileName: safeFileName(file.name),
    mimeType: file.mimeType,
    sha256: file.sha256,
    sizeBytes: file.sizeBytes,
    contentBase64: read().toString('base64'),
  };
}

/** Temporary copies opened with the system's app; a fresh folder each time, cleared at the next start. */
export function tempFolder(dataDir: string): string {
  return path.join(dataDir, 'tmp', 'open');
}

export function clearTempCopies(dataDir: string): void {
  rmSync(tempFolder(dataDir), { recursive: true, force: true });
}

/** Where a temporary copy goes (a new private folder; the file itself is not written yet). */
export function tempCopyTarget(dataDir: string, name: string, mimeType: string): { file: string; asText: boolean } {
  const safe = safeFileName(name);
  const neutral = neutralizeActiveContent(safe, mimeType);
  const folder = path.join(tempFolder(dataDir), randomUUID());
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  return { file: path.join(folder, neutral?.name ?? safe), asText: neutral !== null };
}

/** Writes a copy for opening; answers its path and whether it was renamed to open as text. */
export function writeTempCopy(dataDir: string, name: string, mimeType: string, bytes: Buffer): { file: string; asText: boolean } {
  const target = tempCopyTarget(dataDir, name, mimeType);
  writeFileSync(target.file, bytes, { mode: 0o400, flag: 'wx' });
  return target;
}

export const outcome = (done: boolean, file: string | null, message: string): FileActionOutcome => ({
  done,
  path: file,
  message,
});
