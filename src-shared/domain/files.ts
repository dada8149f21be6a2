/**
 * Handing a file to the user: a download in the browser host (the bytes travel through the
 * API), or the desktop's own dialogs in the Electron shell (open with the system app, save a
 * copy, show in folder), which the core asks the shell for.
 */
import { z } from 'zod';

/** Largest file the browser host hands over as a download through the API (the bytes travel as base64). */
export const DOWNLOAD_MAX_BYTES = 100 * 1024 * 1024;

export const FileDownload = z.object({
  /** A safe file name for the download (the original name, sanitized). */
  fileName: z.string(),
  mimeType: z.string(),
  sha256: z.string(),
  sizeBytes: z.int(),
  contentBase64: z.string(),
});
export type FileDownload = z.infer<typeof FileDownload>;

/** What a desktop action did: where a copy was saved (null when the user cancelled the dialog), in words. */
export const FileActionOutcome = z.object({ done: z.boolean(), path: z.string().nullable(), message: z.string() });
export type FileActionOutcome = z.infer<typeof FileActionOutcome>;

export const FileActions = z.object({
  /** True in the desktop app (open with the system app, Save as…, Show in folder); false in the browser host (downloads). */
  native: z.boolean(),
});

/** A package in the workspace's exports folder, by its file name (never a path). */
export const PackageFileInput = z.strictObject({
  fileName: z
    .string()
    .max(200, 'a package name must be at most 200 characters')
    .regex(
      /^[a-z0-9][a-z0-9-]*\.zip$/,
      'must be the file name of a package in the exports folder (letters, digits, “-”, “.zip”)',
    ),
});

/**
 * What the desktop app's preload adds beside window.complyflow for drag and drop: one one-time
 * token per dropped File, minted by main for the path Electron knows for it once the user
 * confirmed the drop in main's dialog (the page never sees a path). `evidence.stageDropped` takes
 * a token. Absent in the browser host, where a dropped file is streamed to the upload endpoint.
 */
export interface DroppedFileBridge {
  /** Rejects with the refusal in words (not a file, cancelled, one of the app's own files). */
  dropTokens(files: unknown[]): Promise<string[]>;
}
export const DROP_BRIDGE_GLOBAL = 'complyflowDrop';
