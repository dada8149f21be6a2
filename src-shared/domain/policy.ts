import { z } from 'zod';
import { Id, IsoDate, IsoDateTime, longText, shortText } from './common';

export const PolicyStatus = z.enum(['draft', 'in_review', 'approved', 'published']);
export type PolicyStatus = z.infer<typeof PolicyStatus>;

export const Policy = z.object({
  id: Id,
  orgId: Id,
  title: z.string(),
  body: z.string(),
  status: PolicyStatus,
  owner: z.string(),
  nextReviewDate: IsoDate.nullable(),
  /** nextReviewDate is before today. */
  overdue: z.boolean(),
  /** Who approved the current version, and when; null until approved and after a material edit. */
  approvedBy: z.string().nullable(),
  approvedAt: IsoDateTime.nullable(),
  /** What the approver wrote when approving; null until approved (and for approvals made before comments). */
  approvalComment: z.string().nullable(),
  versionMajor: z.int(),
  versionMinor: z.int(),
  /** The revision holding the current title and body (the base of the next edit). */
  currentRevisionId: Id.nullable(),
  /** The revision in force, once published; stays while a newer draft goes through approval. */
  publishedRevisionId: Id.nullable(),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
  updatedBy: z.string(),
  /** Who made the last material edit of the text: they may not approve it (src-shared/domain/self-approval.ts). */
  editedBy: z.string().nullable(),
});
export type Policy = z.infer<typeof Policy>;

/** A row of the policy list: no body, so a page of 100 stays small. */
export const PolicySummary = Policy.omit({ body: true, approvalComment: true, editedBy: true }).extend({
  /** Highlighted excerpt when the list was searched. */
  snippet: z.string().nullable(),
  /** The version in force ("1.0"), null before the first publish: show "v1.0 in force". */
  publishedVersion: z.string().nullable().optional(),
});
export type PolicySummary = z.infer<typeof PolicySummary>;

export const POLICY_TITLE_MAX = 300;
export const POLICY_OWNER_MAX = 200;

const title = shortText(POLICY_TITLE_MAX).min(1, 'a policy needs a title');

export const PolicyCreateInput = z.strictObject({
  title,
  body: longText().default(''),
  owner: shortText(POLICY_OWNER_MAX).default(''),
  nextReviewDate: IsoDate.nullable().default(null),
});

/**
 * An edit. Status is not here: it changes only through the workflow methods. A change of title
 * or body is material (an approved or published policy goes back to draft with a new major
 * version) unless the user marks it `minor` (a typo fix: the approval stays, minor version + 1).
 */
export const PolicyUpdateInput = z.strictObject({
  id: Id,
  title: title.optional(),
  body: longText().optional(),
  owner: shortText(POLICY_OWNER_MAX).optional(),
  nextReviewDate: IsoDate.nullable().optional(),
  minor: z.boolean().default(false),
  /** The revision the editor started from; a different current revision means a stale edit (CONFLICT). */
  baseRevisionId: Id.nullable().optional(),
});

export const APPROVAL_COMMENT_MAX = 2000;

/** An approval: the approver is the caller; the comment is kept with the approval record. */
export const PolicyApproveInput = z.strictObject({
  id: Id,
  comment: shortText(APPROVAL_COMMENT_MAX).optional(),
});

export const PolicyListInput = z.strictObject({
  /**
   * Policies in this workflow state; 'published' means a published version is in force (also
   * while a newer draft of it goes through review).
   */
  status: PolicyStatus.optional(),
  /** Only policies whose next review date has passed. */
  overdue: z.boolean().optional(),
  query: shortText(200).optional(),
  offset: z.int().min(0).default(0),
  limit: z.int().min(1).max(500).default(100),
});

export const PolicyListOutput = z.object({
  items: z.array(PolicySummary),
  total: z.int(),
});

export const PolicyRef = z.strictObject({ policyId: Id });

// ---- revisions and diffs ----

export const PolicyRevisionSummary = z.object({
  id: Id,
  policyId: Id,
  title: z.string(),
  versionMajor: z.int(),
  versionMinor: z.int(),
  baseRevisionId: Id.nullable(),
  createdAt: IsoDateTime,
  createdBy: z.string(),
  /** Who approved this version and when (a minor fix carries the approval it fixed); null until approved. */
  approvedBy: z.string().nullable().optional(),
  approvedAt: IsoDateTime.nullable().optional(),
  approvalComment: z.string().nullable().optional(),
  /** When this revision was put in force; null until published. */
  publishedAt: IsoDateTime.nullable().optional(),
  /** Saved from an AI draft the person accepted (in whole or hunk by hunk). */
  aiAssisted: z.boolean().optional(),
});
export type PolicyRevisionSummary = z.infer<typeof PolicyRevisionSummary>;

export const PolicyRevision = PolicyRevisionSummary.extend({ body: z.string() });
export type PolicyRevision = z.infer<typeof PolicyRevision>;

export const PolicyRevisionsInput = z.strictObject({
  policyId: Id,
  offset: z.int().min(0).default(0),
  limit: z.int().min(1).max(500).default(100),
});

export const PolicyRevisionsOutput = z.object({
  items: z.array(PolicyRevisionSummary),
  total: z.int(),
});

export const DiffLine = z.object({
  kind: z.enum(['added', 'removed', 'context']),
  text: z.string(),
  /** Line number in the old text (null for an added line). */
  oldLine: z.int().nullable(),
  /** Line number in the new text (null for a removed line). */
  newLine: z.int().nullable(),
});
export type DiffLine = z.infer<typeof DiffLine>;

export const DiffHunk = z.object({
  oldStart: z.int(),
  oldLines: z.int(),
  newStart: z.int(),
  newLines: z.int(),
  lines: z.array(DiffLine),
});
export type DiffHunk = z.infer<typeof DiffHunk>;

export const PolicyDiffInput = z.strictObject({ fromRevisionId: Id, toRevisionId: Id });

export const PolicyDiff = z.object({
  from: PolicyRevisionSummary,
  to: PolicyRevisionSummary,
  titleChanged: z.boolean(),
  added: z.int(),
  removed: z.int(),
  hunks: z.array(DiffHunk),
});
export type PolicyDiff = z.infer<typeof PolicyDiff>;

// ---- links to controls ----

export const PolicyControlInput = z.strictObject({ policyId: Id, controlId: Id });

export const LinkedControl = z.object({
  id: Id,
  label: z.string(),
  title: z.string(),
  frameworkTitle: z.string(),
});
export type LinkedControl = z.infer<typeof LinkedControl>;

export const PolicyControlLink = z.object({ policyId: Id, controlId: Id, linked: z.boolean() });

export const ControlSearchInput = z.strictObject({
  query: shortText(200).default(''),
  limit: z.int().min(1).max(100).default(20),
});
