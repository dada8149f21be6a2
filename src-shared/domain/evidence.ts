/**
 * Evidence: files that prove a control operates, with their as-of date, expiry or renewal
 * cadence and control links. The file itself lives in the content-addressed blob store; the
 * file name is display text only (never a path). Also the expiry and size rules both sides use.
 */
import { z } from 'zod';
import { Id, IsoDate, IsoDateTime, shortText } from './common';

export const Sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'must be a SHA-256 (64 lowercase hex characters)');

/** Mime types the app will preview; everything else is stored as application/octet-stream. */
export const PREVIEWABLE_MIME_TYPES = [
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
  'application/pdf',
  'text/plain',
  'text/csv',
  'application/json',
] as const;
export const MimeType = z.enum([...PREVIEWABLE_MIME_TYPES, 'application/octet-stream']);
export type MimeType = z.infer<typeof MimeType>;

/** Default and bounds of the configurable file size limit (Settings → Evidence). */
export const DEFAULT_MAX_FILE_BYTES = 50 * 1024 * 1024;
export const MIN_MAX_FILE_BYTES = 1024;
/**
 * The largest limit a user may set. Files reach the core by path (Electron) or as a streamed
 * upload to the browser host, copied in chunks into the blob store, so the app's memory does not
 * grow with the file: 2 GB is a product limit, not a memory one.
 */
export const MAX_MAX_FILE_BYTES = 2 * 1024 * 1024 * 1024;
/** Files above this are stored but not previewed in the app (they can be exported). */
export const PREVIEW_MAX_BYTES = 10 * 1024 * 1024;
/** File names longer than this (in characters) are shortened around an ellipsis for display. */
export const MAX_FILE_NAME_CHARS = 1000;
/** Renewal cadence: a day to five years. */
export const MAX_RENEWAL_DAYS = 5 * 366;

export const Evidence = z.object({
  id: Id,
  title: z.string(),
  description: z.string(),
  sha256: Sha256,
  /** As the user named the file, with control characters made visible: display text only. */
  fileName: z.string(),
  mimeType: z.string(),
  sizeBytes: z.int().min(0),
  asOfDate: IsoDate,
  expiresOn: IsoDate.nullable(),
  renewalDays: z.int().nullable(),
  /** expiresOn < today, or asOfDate + renewalDays < today. */
  expired: z.boolean(),
  /** The earlier of expiresOn and asOfDate + renewalDays (null when neither is set). */
  effectiveExpiry: IsoDate.nullable(),
  /** Days from today to effectiveExpiry (negative once past; null when it never expires). */
  expiresInDays: z.int().nullable(),
  controlIds: z.array(Id),
  auditId: Id.nullable(),
  capturedBy: z.string(),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
  updatedBy: z.string(),
});
export type Evidence = z.infer<typeof Evidence>;

/** A control linked to evidence, with its framework: AC-2 exists in every NIST baseline. */
export const LinkedControl = z.object({ id: Id, label: z.string(), title: z.string(), frameworkTitle: z.string() });
export type LinkedControl = z.infer<typeof LinkedControl>;

/**
 * What the signature on a capture in an audit says (complyflow-capture-v1): checked in the core
 * with the public key stored beside it and, when the organization's device list is at hand,
 * against the key the server registered for that device.
 * - valid: the signature matches the file's SHA-256, claimed time, audit, controls and device;
 * - mismatch: it does not (something signed changed after capture);
 * - unregistered-key: it matches, but not with the key the organization registered for the device.
 */
export const CaptureProof = z.object({
  deviceId: z.string(),
  deviceName: z.string(),
  capturedAt: z.string(),
  fingerprint: z.string(),
  status: z.enum(['valid', 'mismatch', 'unregistered-key']),
  /** True when the key was compared with the one the server registered for the device. */
  keyChecked: z.boolean(),
});
export type CaptureProof = z.infer<typeof CaptureProof>;

/** The line the evidence view and the audit package show for a signed capture. */
export function captureLine(proof: CaptureProof, formatTime: (iso: string) => string = (iso) => iso): string {
  const where = `Captured offline on ${proof.deviceName || 'an unnamed computer'} at ${formatTime(proof.capturedAt)}`;
  if (proof.status === 'mismatch')
    return `${where}: the signature does not match (the file, its time, audit, controls or device changed after it was signed)`;
  if (proof.status === 'unregistered-key')
    return `${where}: signed with a key the organization did not register for this device (key ${proof.fingerprint})`;
  return `${where}, signature valid`;
}

export const EvidenceDetail = Evidence.extend({
  controls: z.array(LinkedControl),
  /** The capture's signature, for evidence captured in an audit on a device that could sign. */
  capture: CaptureProof.nullable(),
});
export type EvidenceDetail = z.infer<typeof EvidenceDetail>;

/** Longest title and description, as the core refuses them (the forms show them while typing). */
export const EVIDENCE_TITLE_MAX = 300;
export const EVIDENCE_DESCRIPTION_MAX = 10_000;
const title = shortText(EVIDENCE_TITLE_MAX).min(1, 'evidence needs a title');
const description = shortText(EVIDENCE_DESCRIPTION_MAX);
const renewalDays = z.int().min(1).max(MAX_RENEWAL_DAYS);

/**
 * A file copied into this computer's store and hashed, waiting for its evidence record (add or
 * replaceFile). Its id is one-time: the record that takes it consumes it; unused ones are removed
 * after STAGED_FILE_TTL_MS and at the next start.
 */
export const StagedFile = z.object({
  id: Id,
  /** As the user named the file, made display-safe (displayFileName): never a path. */
  fileName: z.string(),
  sizeBytes: z.int().min(1),
  sha256: Sha256,
  mimeType: MimeType,
});
export type StagedFile = z.infer<typeof StagedFile>;

/** How long a staged file waits for its record before it is removed. */
export const STAGED_FILE_TTL_MS = 60 * 60 * 1000;

/** Staged files are one-time ids made by the core; the audit says who may stage (fieldwork or records). */
const stagingAudit = { auditId: Id.nullable().default(null) };
/** Tags the `job.progress` events of this copy so the form that asked shows them. */
const progressId = { progressId: Id.optional() };
/** Display text; names over 10,000 characters are refused, over 1,000 shortened. */
const rawFileName = z.string().max(10_000, 'a file name must be at most 10,000 characters');

/** Desktop app: the native open dialog in main; the chosen file is copied in (null: cancelled). */
export const EvidenceChooseFileInput = z.strictObject({ ...stagingAudit, ...progressId });
export const EvidenceChooseFileOutput = z.object({ staged: StagedFile.nullable() });

/** Desktop app: a file the user dropped, by the one-time token main minted for it (never a path). */
export const EvidenceStageDroppedInput = z.strictObject({
  dropToken: z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'must be a drop token made by the app'),
  ...stagingAudit,
  ...progressId,
});

/**
 * Browser host: a one-time upload ticket for a file of this name and exact size. The page then
 * streams the bytes to `uploadPath` (PUT, session token in Authorization); the host refuses a
 * body longer or shorter than `sizeBytes`. Empty files and files over the limit are refused here.
 */
export const EvidenceBeginUploadInput = z.strictObject({
  fileName: rawFileName,
  sizeBytes: z.int().min(0),
  ...stagingAudit,
});
export const EvidenceBeginUploadOutput = z.object({ uploadId: Id, uploadPath: z.string() });

export const EvidenceAddInput = z.strictObject({
  title,
  description: description.default(''),
  /** The staged file (evidence.chooseFile, stageDropped or the browser host's upload). */
  stagedFileId: Id,
  asOfDate: IsoDate,
  expiresOn: IsoDate.nullable().default(null),
  renewalDays: renewalDays.nullable().default(null),
  controlIds: z.array(Id).max(500).default([]),
  auditId: Id.nullable().default(null),
});

/** A new version of the file of a record; the old SHA-256 stays in the record's trail. */
export const EvidenceReplaceFileInput = z.strictObject({ id: Id, stagedFileId: Id });

export const EvidenceListInput = z.strictObject({
  query: shortText(200).optional(),
  /** true: only expired; false: only current; absent: both. */
  expired: z.boolean().optional(),
  controlId: Id.optional(),
  auditId: Id.optional(),
  offset: z.int().min(0).default(0),
  limit: z.int().min(1).max(500).default(100),
});

export const EvidenceListOutput = z.object({ items: z.array(Evidence), total: z.int() });

export const EvidenceUpdateInput = z.strictObject({
  id: Id,
  title: title.optional(),
  description: description.optional(),
  asOfDate: IsoDate.optional(),
  expiresOn: IsoDate.nullable().optional(),
  renewalDays: renewalDays.nullable().optional(),
});

export const EvidenceLinkInput = z.strictObject({ evidenceId: Id, controlId: Id });

export const EvidenceContent = z.object({ mimeType: z.string(), contentBase64: z.string() });

export const EvidenceSettings = z.object({
  maxFileBytes: z.int(),
  previewMaxBytes: z.int(),
  minFileBytes: z.int(),
  maxAllowedFileBytes: z.int(),
});
export type EvidenceSettings = z.infer<typeof EvidenceSettings>;

export const EvidenceSettingsInput = z.strictObject({
  maxFileBytes: z
    .int()
    .min(MIN_MAX_FILE_BYTES, 'the limit must be at least 1 KB')
    .max(MAX_MAX_FILE_BYTES, 'the limit must be at most 2 GB'),
});

export const ControlSearchInput = z.strictObject({
  query: shortText(200).default(''),
  limit: z.int().min(1).max(50).default(20),
});
export const ControlSearchOutput = z.object({
  items: z.array(LinkedControl.extend({ frameworkTitle: z.string() })),
});

/** Adds whole days to a YYYY-MM-DD date (UTC arithmetic: calendar dates have no time zone). */
export function addDays(date: string, days: number): string {
  const t = Date.parse(`${date}T00:00:00Z`) + days * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

export interface ExpiryFacts {
  expired: boolean;
  effectiveExpiry: string | null;
  expiresInDays: number | null;
}

/** Expired = expiresOn < today, or asOfDate + renewalDays < today (the cross-feature contract). */
export function expiryOf(
  e: { asOfDate: string; expiresOn: string | null; renewalDays: number | null },
  today: string,
): ExpiryFacts {
  const candidates = [e.expiresOn, e.renewalDays === null ? null : addDays(e.asOfDate, e.renewalDays)].filter(
    (d): d is string => d !== null,
  );
  if (candidates.length === 0) return { expired: false, effectiveExpiry: null, expiresInDays: null };
  const effectiveExpiry = candidates.sort()[0];
  return { expired: effectiveExpiry < today, effectiveExpiry, expiresInDays: daysBetween(today, effectiveExpiry) };
}

/** "62.1 MB", "50 MB", "900 bytes": 1 KB = 1,024 bytes, one decimal, no trailing ".0". */
export function formatBytes(bytes: number): string {
  const units = ['KB', 'MB', 'GB'];
  if (bytes < 1024) return `${bytes} ${bytes === 1 ? 'byte' : 'bytes'}`;
  let value = bytes;
  let unit = 'bytes';
  for (const next of units) {
    if (value < 1024) break;
    value /= 1024;
    unit = next;
  }
  return `${(Math.round(value * 10) / 10).toFixed(1).replace(/\.0$/, '')} ${unit}`;
}

/**
 * A size limit in megabytes, the unit the user sets it in ("0.01 MB", "20 MB", "0.5 MB"): up to
 * three decimals, never rounded to zero and never switched to another unit.
 */
export function formatMegabytes(bytes: number): string {
  const mb = bytes / 1024 / 1024;
  const text = mb >= 0.001 ? String(+mb.toFixed(3)) : '0.001';
  return `${text} MB`;
}

export const sizeLimitMessage = (fileName: string, sizeBytes: number, limitBytes: number) =>
  `“${fileName}” is ${formatBytes(sizeBytes)}; the limit is ${formatBytes(limitBytes)} (Settings → Evidence).`;
