import { z } from 'zod';
import { Id, IsoDateTime, shortText } from './common';

/** Implementation status of one control in this organization. */
export const ControlStatus = z.enum(['not_started', 'in_progress', 'implemented', 'not_applicable']);
export type ControlStatus = z.infer<typeof ControlStatus>;

/** What counts as ready, in the words the frameworks screen shows (readiness.ts computes it). */
export const READINESS_RULE =
  'A control is ready when it is implemented and at least one current (not expired) evidence item is linked to it, in any baseline that shares it. Controls marked not applicable are left out: readiness is the share of applicable controls that are ready.';

/** Readiness figures, computed (never stored): see src-main/core/frameworks/readiness.ts. */
export const Readiness = z.object({
  /** Controls of the framework, enhancements included. */
  controls: z.int(),
  /** Controls not marked not applicable. */
  applicable: z.int(),
  /** Applicable controls marked implemented. */
  implemented: z.int(),
  /** Implemented controls with at least one current (not deleted, not expired) evidence item. */
  ready: z.int(),
  /** ready / applicable, 0 when nothing is applicable. */
  readiness: z.number().min(0).max(1),
});
export type Readiness = z.infer<typeof Readiness>;

export const Framework = z.object({
  id: Id,
  title: z.string(),
  version: z.string(),
  sourceUuid: z.string(),
  sourceName: z.string(),
  oscalVersion: z.string(),
  /** "LOW", "MODERATE", "HIGH", "PRIVACY" for a NIST baseline; '' otherwise. */
  baseline: z.string(),
  /** The name that tells baselines apart ("HIGH · NIST Special Publication 800-53 Revision 5.1.1"). */
  shortName: z.string(),
  /** Set while the framework is archived (hidden from the list unless asked for). */
  archivedAt: IsoDateTime.nullable(),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
  updatedBy: z.string(),
});
export type Framework = z.infer<typeof Framework>;

export const FrameworkWithReadiness = Framework.extend(Readiness.shape);
export type FrameworkWithReadiness = z.infer<typeof FrameworkWithReadiness>;

export const FrameworkListInput = z.strictObject({
  offset: z.int().min(0).default(0),
  limit: z.int().min(1).max(500).default(100),
  /** Archived frameworks are left out unless asked for. */
  includeArchived: z.boolean().default(false),
});
export const FrameworkListOutput = z.object({
  items: z.array(FrameworkWithReadiness),
  total: z.int(),
  /** How many live frameworks are archived (listed or not). */
  archived: z.int(),
});

export const FrameworkArchiveInput = z.strictObject({ id: Id, archived: z.boolean() });

/** The NIST baselines shipped with the app, by name (never a path). */
export const SHIPPED_FRAMEWORK_NAMES = [
  'nist-800-53r5-low',
  'nist-800-53r5-moderate',
  'nist-800-53r5-high',
  'nist-800-53r5-privacy',
] as const;
export const ShippedFrameworkName = z.enum(SHIPPED_FRAMEWORK_NAMES, { message: 'must be one of the shipped baselines' });
export type ShippedFrameworkName = z.infer<typeof ShippedFrameworkName>;

export const ShippedFramework = z.object({
  name: ShippedFrameworkName,
  title: z.string(),
  file: z.string(),
  /** Every control object in the catalog, enhancements included; null when the file is missing. */
  controls: z.int().nullable(),
  /** The id of the live framework imported from this catalog, if any. */
  importedFrameworkId: Id.nullable(),
});
export type ShippedFramework = z.infer<typeof ShippedFramework>;

/** A job id chosen by the caller so it can follow `job.progress` events for this import. */
const JobId = z.string().trim().min(1).max(100).optional();

export const ImportShippedInput = z.strictObject({ name: ShippedFrameworkName, jobId: JobId });

/** Largest catalog file accepted (characters of JSON text). */
export const MAX_CATALOG_CHARS = 50 * 1024 * 1024;

export const ImportFileInput = z.strictObject({
  /** As the user's file was named: display only, never used as a path. */
  fileName: shortText(1000).default(''),
  content: z
    .string()
    .min(1, 'the file is empty')
    .max(MAX_CATALOG_CHARS, `the file is larger than ${MAX_CATALOG_CHARS / 1024 / 1024} MB`),
  jobId: JobId,
});

export const ImportResult = z.object({
  frameworkId: Id,
  /** Control objects in the catalog (enhancements included). */
  controls: z.int(),
  /** False when the catalog was already imported (then only changed catalog text was updated). */
  created: z.boolean(),
});
export type ImportResult = z.infer<typeof ImportResult>;

/** One parameter of a control, as imported (values and choices already readable). */
export const ControlParam = z.object({
  id: z.string(),
  label: z.string(),
  guidelines: z.array(z.string()),
  values: z.array(z.string()),
  select: z.object({ howMany: z.string().nullable(), choice: z.array(z.string()) }).nullable(),
});
export type ControlParam = z.infer<typeof ControlParam>;

export const ControlSummary = z.object({
  id: Id,
  frameworkId: Id,
  parentId: Id.nullable(),
  controlKey: z.string(),
  label: z.string(),
  title: z.string(),
  groupTitle: z.string(),
  status: ControlStatus,
  owner: z.string(),
  sortKey: z.string(),
  /** Highlighted excerpt when the list was searched. */
  snippet: z.string().nullable(),
});
export type ControlSummary = z.infer<typeof ControlSummary>;

export const LinkedRecord = z.object({ id: Id, title: z.string() });

/** Why a control counts as ready or not (readiness.ts says what counts). */
export const ControlReadiness = z.object({
  /** False when the control is not applicable: it is left out of readiness. */
  counts: z.boolean(),
  ready: z.boolean(),
  /** What is missing for it to be ready, in words; empty when ready or not counted. */
  missing: z.array(z.string()),
});
export type ControlReadiness = z.infer<typeof ControlReadiness>;

export const Control = ControlSummary.omit({ snippet: true }).extend({
  /** The statement with the organization's parameter values where set. */
  statement: z.string(),
  /** The statement as the catalog words it ("[Assignment: …]" placeholders). */
  catalogStatement: z.string(),
  /** The organization's value per parameter id (only those set). */
  paramValues: z.record(z.string(), z.string()),
  /** The shared implementation record (its trail is the control's history); null until made. */
  implementationId: Id.nullable(),
  /** The same control in the catalog's other baselines: one implementation, shared. */
  sharedWith: z.array(z.object({ frameworkId: Id, controlId: Id, name: z.string(), archived: z.boolean() })),
  readiness: ControlReadiness,
  guidance: z.string(),
  params: z.array(ControlParam),
  justification: z.string(),
  notes: z.string(),
  enhancements: z.array(z.object({ id: Id, label: z.string(), title: z.string(), status: ControlStatus })),
  policies: z.array(LinkedRecord.extend({ status: z.string() })),
  /** Evidence of the shared implementation; `via` names the other baseline it is linked in. */
  evidence: z.array(LinkedRecord.extend({ expired: z.boolean(), via: z.string().nullable() })),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
  updatedBy: z.string(),
});
export type Control = z.infer<typeof Control>;

export const ControlListInput = z.strictObject({
  frameworkId: Id,
  status: ControlStatus.optional(),
  query: shortText(200).optional(),
  /** Omitted: every control; null: top-level controls only; an id: that control's enhancements. */
  parentId: Id.nullable().optional(),
  offset: z.int().min(0).default(0),
  limit: z.int().min(1).max(500).default(100),
});

export const ControlListOutput = z.object({ items: z.array(ControlSummary), total: z.int() });

export const ControlUpdateInput = z.strictObject({
  id: Id,
  status: ControlStatus.optional(),
  owner: shortText(200).optional(),
  notes: shortText(20_000).optional(),
  justification: shortText(5_000).optional(),
  /** Parameter values to set (an empty value clears it); parameters not named keep theirs. */
  paramValues: z
    .record(z.string().min(1).max(200), shortText(2_000))
    .refine((v) => Object.keys(v).length <= 200, 'at most 200 parameters at once')
    .optional(),
});
