/**
 * Closing an audit is the sign-off: before it, the auditor sees what is still untested and which
 * findings are still open; after it, only an owner or admin (in the local workspace: the local
 * user) can reopen it, and only with a reason, which the audit trail keeps with the change.
 */
import { z } from 'zod';
import { Id, shortText } from './common';
import { FindingSeverity, FindingStatus } from './audit';

/** How many untested controls the check names; the total is always given. */
export const CLOSING_CHECK_LIST = 50;
export const REOPEN_REASON_MAX = 2000;

export const ClosingCheck = z.object({
  auditId: Id,
  inScope: z.int(),
  untested: z.object({
    total: z.int(),
    /** The first CLOSING_CHECK_LIST of them, in catalog order. */
    items: z.array(z.object({ controlId: Id, label: z.string(), title: z.string() })),
  }),
  /** Findings still open or in remediation. */
  openFindings: z.array(
    z.object({
      id: Id,
      title: z.string(),
      severity: FindingSeverity,
      status: FindingStatus,
      controlLabel: z.string().nullable(),
    }),
  ),
});
export type ClosingCheck = z.infer<typeof ClosingCheck>;

export const ReopenInput = z.strictObject({
  id: Id,
  reason: shortText(REOPEN_REASON_MAX).min(1, 'say why the audit is reopened: the reason is kept in the audit trail'),
});
