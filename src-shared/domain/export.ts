import { z } from 'zod';
import { Id } from './common';

/** Version of the audit package layout (manifest.json `formatVersion`). */
export const PACKAGE_FORMAT = 'complyflow-audit-package';
export const PACKAGE_FORMAT_VERSION = 1;

export const ManifestFile = z.object({
  path: z.string(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  size: z.int().min(0),
  /**
   * Set when an evidence file with active content (HTML, SVG, scripts…) is stored under a name
   * no browser opens as a page: the name it had, and why it was renamed. Bytes and hash are the
   * original file's.
   */
  storedAsText: z.object({ originalName: z.string(), reason: z.string() }).optional(),
});
export type ManifestFile = z.infer<typeof ManifestFile>;

/**
 * A policy in the package and the approval record of the text exported: the version in force
 * (its own version, approver and dates) when one is published, else the current text.
 */
export const ManifestPolicy = z.object({
  id: z.string(),
  title: z.string(),
  /** The exported text's version, "1.0". */
  version: z.string(),
  /** True when the exported text is the published version in force. */
  inForce: z.boolean(),
  approvedBy: z.string().nullable(),
  approvedAt: z.string().nullable(),
  /** The approver's comment (packages from before comments omit it). */
  approvalComment: z.string().nullable().optional(),
  publishedAt: z.string().nullable(),
  /** The policy's workflow status now (of its newest text). */
  status: z.string(),
  /** A newer version that is not in force yet, if any. */
  newerDraft: z.object({ version: z.string(), status: z.string() }).nullable(),
  /** The package files holding this policy (markdown and HTML). */
  files: z.array(z.string()),
});
export type ManifestPolicy = z.infer<typeof ManifestPolicy>;

/**
 * Who signed the package (issue 10): the device key's public half and fingerprint, the device,
 * the user and the organization. The signature itself is manifest.sig, over complyflow-package-v1
 * (src-main/core/exports/package-signature.ts).
 */
export const PackageSigner = z.object({
  deviceId: z.string(),
  deviceName: z.string(),
  /** base64url of the raw 32-byte Ed25519 public key. */
  publicKey: z.string(),
  /** First 16 hex digits of the SHA-256 of the raw key (as Settings → Devices shows it). */
  fingerprint: z.string(),
  userId: z.string().nullable(),
  user: z.string(),
  orgId: z.string(),
});
export type PackageSigner = z.infer<typeof PackageSigner>;

export const Manifest = z.object({
  format: z.literal(PACKAGE_FORMAT),
  formatVersion: z.int(),
  generatedAt: z.string(),
  appVersion: z.string(),
  audit: z.object({
    id: z.string(),
    title: z.string(),
    frameworkId: z.string().nullable(),
    frameworkTitle: z.string().nullable(),
    windowStart: z.string(),
    windowEnd: z.string(),
    status: z.string(),
    auditors: z.array(z.string()),
  }),
  /** Which policies and evidence the package holds, in words. */
  selection: z.object({ policies: z.string(), evidence: z.string(), controls: z.string(), trail: z.string().optional() }),
  /** Evidence whose file could not be read from the blob store (not in the package). */
  omitted: z.array(z.object({ evidenceId: z.string(), title: z.string(), reason: z.string() })),
  /** The exported policies with the approval record of each exported version (packages made before this list lack it). */
  policies: z.array(ManifestPolicy).optional(),
  files: z.array(ManifestFile),
  /** Who signed manifest.sig (packages made before signing lack it, and fail verification). */
  signer: PackageSigner.optional(),
});
export type Manifest = z.infer<typeof Manifest>;

export const AuditPackageInput = z.strictObject({ auditId: Id });

export const AuditPackageOutput = z.object({
  path: z.string(),
  fileName: z.string(),
  sizeBytes: z.int(),
  sha256: z.string(),
  /** Files in the package besides manifest.json. */
  files: z.int(),
  omitted: z.int(),
  jobId: z.string(),
});
export type AuditPackageOutput = z.infer<typeof AuditPackageOutput>;

export const VerifyProblem = z.object({ file: z.string(), problem: z.string() });
export const VerifyResult = z.object({
  ok: z.boolean(),
  checked: z.int(),
  problems: z.array(VerifyProblem),
  /** Who signed, when the signature is valid; null otherwise. */
  signedBy: PackageSigner.nullable(),
});
export type VerifyResult = z.infer<typeof VerifyResult>;
