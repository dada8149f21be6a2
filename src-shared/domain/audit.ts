/**
 * Audit fieldwork: an audit's scope (a framework or chosen controls), its observation window
 * and auditors, the per-control test results and the findings raised during fieldwork.
 */
import { z } from 'zod';
import { Id, IsoDate, IsoDateTime, shortText } from './common';

export const AuditStatus = z.enum(['planned', 'fieldwork', 'reporting', 'closed']);
export type AuditStatus = z.infer<typeof AuditStatus>;

export const TestResult = z.enum(['pass', 'fail', 'not_tested', 'not_applicable']);
export type TestResult = z.infer<typeof TestResult>;

export const FindingSeverity = z.enum(['low', 'medium', 'high', 'critical']);
export type FindingSeverity = z.infer<typeof FindingSeverity>;

export const FindingStatus = z.enum(['open', 'in_remediation', 'closed', 'accepted']);
export type FindingStatus = z.infer<typeof FindingStatus>;

/** Most controls an audit scoped to chosen controls may name (a whole catalog is ~1,200). */
export const MAX_SCOPE_CONTROLS = 5000;
export const MAX_AUDITORS = 50;
/** Notes per control: long enough for a test narrative, bounded so a payload cannot bloat the replica. */
export const MAX_NOTES = 20_000;

const auditTitle = shortText(300).min(1, 'an audit needs a title');
const Auditors = z.array(shortText(200).min(1, 'an auditor needs a name')).max(MAX_AUDITORS, `at most ${MAX_AUDITORS} auditors`);

export const Audit = z.object({
  id: Id,
  orgId: Id,
  title: z.string(),
  /** Null when the audit is scoped to chosen controls. */
  frameworkId: Id.nullable(),
  windowStart: IsoDate,
  windowEnd: IsoDate,
  status: AuditStatus,
  auditors: z.array(z.string()),
  /** Why the audit was last reopened after closing; null if it never was. */
  reopenReason: z.string().nullable(),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
  updatedBy: z.string(),
});
export type Audit = z.infer<typeof Audit>;

export const AuditProgress = z.object({
  inScope: z.int(),
  /** Controls with a result other than "not tested". */
  tested: z.int(),
  failed: z.int(),
  /** Findings still open or in remediation. */
  openFindings: z.int(),
});
export type AuditProgress = z.infer<typeof AuditProgress>;

export const AuditSummary = Audit.extend({ progress: AuditProgress, frameworkTitle: z.string().nullable() });
export type AuditSummary = z.infer<typeof AuditSummary>;

const windowInOrder = (value: { windowStart?: string; windowEnd?: string }) =>
  value.windowStart === undefined || value.windowEnd === undefined || value.windowStart <= value.windowEnd;
const windowMessage = { message: 'the observation window must start on or before its end', path: ['windowEnd'] };

export const AuditCreateInput = z
  .strictObject({
    title: auditTitle,
    frameworkId: Id.optional(),
    controlIds: z.array(Id).max(MAX_SCOPE_CONTROLS, `at most ${MAX_SCOPE_CONTROLS} controls`).optional(),
    windowStart: IsoDate,
    windowEnd: IsoDate,
    auditors: Auditors.default([]),
  })
  .superRefine((v, ctx) => {
    if (v.frameworkId !== undefined && v.controlIds !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['controlIds'],
        message: 'give a framework or chosen controls as the scope, not both',
      });
    } else if (v.frameworkId === undefined && (v.controlIds === undefined || v.controlIds.length === 0)) {
      ctx.addIssue({
        code: 'custom',
        path: ['controlIds'],
        message: 'an audit needs a scope: a framework or at least one chosen control',
      });
    }
  })
  .refine(windowInOrder, windowMessage);

export const AuditUpdateInput = z
  .strictObject({
    id: Id,
    title: auditTitle.optional(),
    windowStart: IsoDate.optional(),
    windowEnd: IsoDate.optional(),
    auditors: Auditors.optional(),
    status: AuditStatus.optional(),
  })
  .refine(windowInOrder, windowMessage);

export const AuditListInput = z.strictObject({
  status: AuditStatus.optional(),
  offset: z.int().min(0).default(0),
  limit: z.int().min(1).max(500).default(100),
});
export const AuditListOutput = z.object({ items: z.array(AuditSummary), total: z.int() });

/** One control in an audit's scope as the fieldwork list shows it (no long prose). */
export const ScopeItem = z.object({
  controlId: Id,
  label: z.string(),
  title: z.string(),
  groupTitle: z.string(),
  /** Null until a result is recorded. */
  result: TestResult.nullable(),
  notes: z.string(),
  findings: z.int(),
  evidence: z.int(),
});
export type ScopeItem = z.infer<typeof ScopeItem>;

/** Filter "untested" = no result yet or "not tested". */
export const ScopeResultFilter = z.enum(['pass', 'fail', 'not_tested', 'not_applicable', 'untested']);
export type ScopeResultFilter = z.infer<typeof ScopeResultFilter>;

export const ScopeInput = z.strictObject({
  auditId: Id,
  query: shortText(200).optional(),
  result: ScopeResultFilter.optional(),
  offset: z.int().min(0).default(0),
  limit: z.int().min(1).max(500).default(100),
});
export const ScopeOutput = z.object({ items: z.array(ScopeItem), total: z.int() });

/** The control being tested, with its requirement text. */
export const ScopeControl = ScopeItem.extend({
  statement: z.string(),
  guidance: z.string(),
  resultUpdatedAt: IsoDateTime.nullable(),
  resultUpdatedBy: z.string().nullable(),
});
export type ScopeControl = z.infer<typeof ScopeControl>;

export const RecordResultInput = z
  .strictObject({
    auditId: Id,
    controlId: Id,
    result: TestResult.optional(),
    notes: z.string().max(MAX_NOTES, `must be at most ${MAX_NOTES} characters`).optional(),
  })
  .refine((v) => v.result !== undefined || v.notes !== undefined, { message: 'give a result, notes, or both', path: ['result'] });

export const AuditResult = z.object({
  id: Id,
  auditId: Id,
  controlId: Id,
  result: TestResult,
  notes: z.string(),
  updatedAt: IsoDateTime,
  updatedBy: z.string(),
});
export type AuditResult = z.infer<typeof AuditResult>;

export const FrameworkOption = z.object({ id: Id, title: z.string(), version: z.string(), controls: z.int() });
export type FrameworkOption = z.infer<typeof FrameworkOption>;

export const ControlOption = z.object({
  id: Id,
  label: z.string(),
  title: z.string(),
  groupTitle: z.string(),
  frameworkTitle: z.string(),
});
export type ControlOption = z.infer<typeof ControlOption>;

export const SearchControlsInput = z.strictObject({
  query: shortText(200),
  frameworkId: Id.optional(),
  offset: z.int().min(0).default(0),
  limit: z.int().min(1).max(200).default(50),
});

// Findings -----------------------------------------------------------------------------------

export const FINDING_TITLE_MAX = 300;
export const FINDING_OWNER_MAX = 200;
const findingTitle = shortText(FINDING_TITLE_MAX).min(1, 'a finding needs a title');

/** The parts of a finding as audit standards name them (IIA / GAGAS "five Cs" and the response). */
export const FINDING_TEXT_FIELDS = ['condition', 'criteria', 'cause', 'effect', 'recommendation', 'managementResponse'] as const;
export type FindingTextField = (typeof FINDING_TEXT_FIELDS)[number];
export const MAX_FINDING_TEXT = 20_000;
const findingText = () => shortText(MAX_FINDING_TEXT);

export const Finding = z.object({
  id: Id,
  auditId: Id,
  controlId: Id.nullable(),
  /** The control's label (AC-2) for display, when the finding is on a control. */
  controlLabel: z.string().nullable(),
  title: z.string(),
  description: z.string(),
  severity: FindingSeverity,
  owner: z.string(),
  dueDate: IsoDate.nullable(),
  status: FindingStatus,
  /** What was found. */
  condition: z.string(),
  /** What should be (the requirement the condition is measured against). */
  criteria: z.string(),
  /** Why the condition exists. */
  cause: z.string(),
  /** The risk or impact of the condition. */
  effect: z.string(),
  recommendation: z.string(),
  /** What management says it will do (or why it will not). */
  managementResponse: z.string(),
  /** When the status is "accepted": who accepted the risk, and why. */
  riskAcceptedBy: z.string(),
  riskAcceptanceReason: z.string(),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
  updatedBy: z.string(),
});
export type Finding = z.infer<typeof Finding>;

const riskAcceptance = {
  riskAcceptedBy: shortText(200),
  riskAcceptanceReason: findingText(),
};
const findingTexts = {
  condition: findingText(),
  criteria: findingText(),
  cause: findingText(),
  effect: findingText(),
  recommendation: findingText(),
  managementResponse: findingText(),
};

export const FindingCreateInput = z.strictObject({
  auditId: Id,
  controlId: Id.optional(),
  title: findingTitle,
  description: shortText(20_000).default(''),
  severity: FindingSeverity,
  owner: shortText(FINDING_OWNER_MAX).default(''),
  dueDate: IsoDate.nullable().default(null),
  condition: findingTexts.condition.default(''),
  criteria: findingTexts.criteria.default(''),
  cause: findingTexts.cause.default(''),
  effect: findingTexts.effect.default(''),
  recommendation: findingTexts.recommendation.default(''),
  managementResponse: findingTexts.managementResponse.default(''),
});

export const FindingUpdateInput = z.strictObject({
  id: Id,
  title: findingTitle.optional(),
  description: shortText(20_000).optional(),
  severity: FindingSeverity.optional(),
  owner: shortText(FINDING_OWNER_MAX).optional(),
  dueDate: IsoDate.nullable().optional(),
  status: FindingStatus.optional(),
  condition: findingTexts.condition.optional(),
  criteria: findingTexts.criteria.optional(),
  cause: findingTexts.cause.optional(),
  effect: findingTexts.effect.optional(),
  recommendation: findingTexts.recommendation.optional(),
  managementResponse: findingTexts.managementResponse.optional(),
  riskAcceptedBy: riskAcceptance.riskAcceptedBy.optional(),
  riskAcceptanceReason: riskAcceptance.riskAcceptanceReason.optional(),
});

export const FindingListInput = z.strictObject({
  auditId: Id.optional(),
  controlId: Id.optional(),
  status: FindingStatus.optional(),
  severity: FindingSeverity.optional(),
  offset: z.int().min(0).default(0),
  limit: z.int().min(1).max(500).default(100),
});
export const FindingListOutput = z.object({ items: z.array(Finding), total: z.int() });
