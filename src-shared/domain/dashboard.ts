import { z } from 'zod';
import { Id, IsoDate } from './common';

/** Readiness of one framework (computed on every call, never stored). */
export const FrameworkReadiness = z.object({
  frameworkId: Id,
  title: z.string(),
  applicable: z.int(),
  implemented: z.int(),
  ready: z.int(),
  /** ready / applicable, 0 when nothing is applicable. */
  readiness: z.number().min(0).max(1),
});
export type FrameworkReadiness = z.infer<typeof FrameworkReadiness>;

export const ExpiringEvidence = z.object({
  id: Id,
  title: z.string(),
  fileName: z.string(),
  /** The earlier of expires_on and as_of_date + renewal_days. */
  expiresOn: IsoDate,
});

export const OverduePolicy = z.object({
  id: Id,
  title: z.string(),
  owner: z.string(),
  nextReviewDate: IsoDate,
});

export const Severity = z.enum(['low', 'medium', 'high', 'critical']);
export type Severity = z.infer<typeof Severity>;

export const OpenFinding = z.object({
  id: Id,
  auditId: Id,
  title: z.string(),
  severity: Severity,
  status: z.enum(['open', 'in_remediation']),
  dueDate: IsoDate.nullable(),
});

export const DashboardSummary = z.object({
  /** The date the figures are computed for (the core clock's calendar date, UTC). */
  today: IsoDate,
  frameworks: z.array(FrameworkReadiness),
  expiringEvidence: z.object({ count: z.int(), expiredCount: z.int(), items: z.array(ExpiringEvidence) }),
  overduePolicies: z.object({ count: z.int(), items: z.array(OverduePolicy) }),
  openFindings: z.object({
    total: z.int(),
    bySeverity: z.object({ low: z.int(), medium: z.int(), high: z.int(), critical: z.int() }),
    /** The most severe open findings first (at most 10). */
    items: z.array(OpenFinding),
  }),
});
export type DashboardSummary = z.infer<typeof DashboardSummary>;
