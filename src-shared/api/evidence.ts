import { z } from 'zod';
import { Id } from '../domain/common';
import {
  ControlSearchInput,
  ControlSearchOutput,
  Evidence,
  EvidenceAddInput,
  EvidenceBeginUploadInput,
  EvidenceBeginUploadOutput,
  EvidenceChooseFileInput,
  EvidenceChooseFileOutput,
  EvidenceContent,
  EvidenceDetail,
  EvidenceLinkInput,
  EvidenceListInput,
  EvidenceListOutput,
  EvidenceReplaceFileInput,
  EvidenceSettings,
  EvidenceSettingsInput,
  EvidenceStageDroppedInput,
  EvidenceUpdateInput,
  StagedFile,
} from '../domain/evidence';
import { FileActionOutcome, FileDownload } from '../domain/files';
import { method } from './define';

/**
 * The evidence namespace. A file never travels inside a message: it is first staged (copied into
 * this computer's store and hashed, in chunks) from a native dialog or a drop in the desktop app,
 * or from a streamed upload to the browser host, and `add` / `replaceFile` name the staged id.
 */
export const evidenceApi = {
  /** Desktop app: the native open dialog (main), then the chosen file is copied in with progress. */
  chooseFile: method(EvidenceChooseFileInput, EvidenceChooseFileOutput),
  /** Desktop app: stages a dropped file by the one-time token main minted for it. */
  stageDropped: method(EvidenceStageDroppedInput, StagedFile),
  /** Browser host: a one-time ticket to stream one file to the host's upload endpoint. */
  beginUpload: method(EvidenceBeginUploadInput, EvidenceBeginUploadOutput),
  /** Drops a staged file the user decided not to add (skip, cancel). */
  discardStaged: method(z.strictObject({ stagedFileId: Id }), z.object({ discarded: z.boolean() })),
  add: method(EvidenceAddInput, Evidence),
  /** A new version of a record's file (from a staged file); the trail keeps old and new SHA-256. */
  replaceFile: method(EvidenceReplaceFileInput, Evidence),
  list: method(EvidenceListInput, EvidenceListOutput),
  get: method(z.strictObject({ id: Id }), EvidenceDetail),
  update: method(EvidenceUpdateInput, Evidence),
  /** Tombstones the record; the file stays in the store (other records may share it). */
  delete: method(z.strictObject({ id: Id }), z.object({ id: Id })),
  /** Undo of delete. */
  restore: method(z.strictObject({ id: Id }), Evidence),
  linkControl: method(EvidenceLinkInput, EvidenceDetail),
  unlinkControl: method(EvidenceLinkInput, EvidenceDetail),
  /** The file for preview, re-verified against its SHA-256; refused above the preview cap. */
  content: method(z.strictObject({ id: Id }), EvidenceContent),
  /** Live evidence records holding the file with this SHA-256 (adding the same file twice says so). */
  sameFile: method(
    z.strictObject({ sha256: z.string().regex(/^[0-9a-f]{64}$/, 'must be a SHA-256 of 64 lowercase hex characters') }),
    z.object({ items: z.array(z.object({ id: Id, title: z.string(), createdAt: z.string() })) }),
  ),
  /** The original file as a download (browser host), name sanitized, bytes re-verified; up to DOWNLOAD_MAX_BYTES. */
  download: method(z.strictObject({ id: Id }), FileDownload),
  /** Desktop app: opens a temporary copy with the system's app for its type (active content opens as text). */
  openOriginal: method(z.strictObject({ id: Id }), FileActionOutcome),
  /** Desktop app: "Save a copy…" through the system's save dialog. */
  saveCopy: method(z.strictObject({ id: Id }), FileActionOutcome),
  settings: method(z.strictObject({}), EvidenceSettings),
  updateSettings: method(EvidenceSettingsInput, EvidenceSettings),
  /** Controls to link, by label or title (FTS over controls_fts). */
  searchControls: method(ControlSearchInput, ControlSearchOutput),
};
