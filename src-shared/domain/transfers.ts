/**
 * Evidence files travelling between this computer and the organization's storage (DESIGN §4.6):
 * uploads of files captured here, downloads of files captured elsewhere, which files are kept
 * offline (pinned), and the cache that holds the rest. Rows sync; files follow on their own.
 */
import { z } from 'zod';
import { Id } from './common';

/** A file's name in the store and in Storage: its SHA-256, 64 lowercase hex characters. */
export const Sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'must be a SHA-256 of 64 lowercase hex characters');

export const TransferDirection = z.enum(['upload', 'download']);
export type TransferDirection = z.infer<typeof TransferDirection>;

/**
 * Where one transfer stands:
 *   queued   waiting its turn (or for the evidence row to reach the server, or for a retry)
 *   running  bytes moving now
 *   paused   the person paused it; nothing moves until resumed
 *   failed   the last attempt failed (lastError says why); it is retried with backoff
 *            unless the failure cannot pass by itself (then it waits for resume)
 *   damaged  the file on the server is not what its name says (its bytes hash to another
 *            SHA-256); nothing was stored, and a device holding the right bytes re-uploads it
 *   done     uploaded (the server holds the right bytes) or downloaded and verified
 */
export const TransferState = z.enum(['queued', 'running', 'paused', 'failed', 'damaged', 'done']);
export type TransferState = z.infer<typeof TransferState>;

export const Transfer = z.object({
  /** The transfer's own id (pause and resume name it). */
  id: Id,
  direction: TransferDirection,
  /** An evidence record holding the file (several may share one file; this is one of them). */
  evidenceId: Id,
  /** That record's title, for the list. */
  title: z.string(),
  sha256: Sha256,
  bytesDone: z.int().nonnegative(),
  bytesTotal: z.int().nonnegative(),
  state: TransferState,
  /** The last error in words ("The connection dropped at 38 MB; retrying in 30 s."), null if none. */
  lastError: z.string().nullable(),
  attempts: z.int().nonnegative(),
  /** When a failed transfer is tried again (ISO time), null when not waiting for a retry. */
  nextAttemptAt: z.string().nullable(),
  updatedAt: z.string(),
});
export type Transfer = z.infer<typeof Transfer>;

export const TransfersInput = z.strictObject({
  /** active: everything not done (the Sync panel's default); all: done ones too (newest first). */
  filter: z.enum(['active', 'all']).default('active'),
  limit: z.int().min(1).max(500).default(100),
});
export const TransferList = z.object({
  items: z.array(Transfer),
  /** How many match the filter (the list may show fewer). */
  total: z.int().nonnegative(),
});
export type TransferList = z.infer<typeof TransferList>;

export const TransferIdInput = z.strictObject({ transferId: Id });

/**
 * Where an evidence record's file is, as the evidence detail shows it:
 *   local        on this computer (verified when it is opened)
 *   remote       not on this computer ("Not on this computer · 38 MB · Download")
 *   downloading  a download is queued or running (see files.transfers for its progress)
 *   damaged      the server's copy is not what its name says; it cannot be downloaded until repaired
 */
export const FileAvailability = z.enum(['local', 'remote', 'downloading', 'damaged']);
export type FileAvailability = z.infer<typeof FileAvailability>;

export const FileStatus = z.object({
  evidenceId: Id,
  sha256: Sha256,
  availability: FileAvailability,
  /** Kept offline ("Keep offline"): never evicted from the cache. */
  pinned: z.boolean(),
  sizeBytes: z.int().nonnegative(),
  /** Waiting to reach the server (an upload not done yet): never evicted either. */
  uploadPending: z.boolean(),
});
export type FileStatus = z.infer<typeof FileStatus>;

export const FilesStatusInput = z.strictObject({ evidenceIds: z.array(Id).min(1).max(500) });
/** One entry per requested id that names a live or deleted evidence record here; unknown ids are left out. */
export const FilesStatusOutput = z.object({ items: z.array(FileStatus) });

export const EvidenceFileInput = z.strictObject({ evidenceId: Id });
export const PinInput = z.strictObject({ evidenceId: Id, pinned: z.boolean() });

export const AuditInput = z.strictObject({ auditId: Id });

/** What "Make this audit available offline" will take, shown before the person confirms. */
export const AuditOfflineSize = z.object({
  /** Distinct files of the audit's evidence (captured in it, or linked to a control in its scope). */
  files: z.int().nonnegative(),
  bytes: z.int().nonnegative(),
  /** Files not on this computer yet, and their bytes: what pinning will download. */
  filesToDownload: z.int().nonnegative(),
  bytesToDownload: z.int().nonnegative(),
});
export type AuditOfflineSize = z.infer<typeof AuditOfflineSize>;

export const PinAuditOutput = z.object({
  /** Files now kept offline. */
  pinned: z.int().nonnegative(),
  /** Downloads started for the ones not here yet (progress in files.transfers / files.progress). */
  downloadsQueued: z.int().nonnegative(),
});

/** Smallest cache limit the app accepts (below it nothing useful fits). */
export const MIN_CACHE_LIMIT_BYTES = 100 * 1024 * 1024;
/** Default cache limit for files that are neither pinned nor waiting to upload: 5 GB. */
export const DEFAULT_CACHE_LIMIT_BYTES = 5 * 1024 * 1024 * 1024;

export const FilesSettings = z.object({
  /** Unpinned files beyond this are removed from this computer, least recently used first. */
  cacheLimitBytes: z.int().nonnegative(),
  /** Bytes of files on this computer now (all of them). */
  usedBytes: z.int().nonnegative(),
  /** Of which kept offline (pinned) or waiting to upload: these never count against eviction. */
  keptBytes: z.int().nonnegative(),
});
export type FilesSettings = z.infer<typeof FilesSettings>;

export const FilesSettingsInput = z.strictObject({
  cacheLimitBytes: z
    .int()
    .min(MIN_CACHE_LIMIT_BYTES, 'the cache limit must be at least 100 MB')
    .max(Number.MAX_SAFE_INTEGER, 'the cache limit is too large'),
});

/** Sent whenever a transfer's bytes or state change (at most a few times a second per transfer). */
export const FilesProgress = Transfer;
