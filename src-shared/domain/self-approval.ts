/**
 * Who may approve a version of a policy, beyond the role (permissions.ts): nobody approves a
 * version whose last material edit they made themselves, unless the organization allows it
 * (organizations.allow_self_approval, for a one-person team). The server decides the same in
 * private.check_may_approve (supabase/migrations/20260101001210_approval_rules.sql); the core
 * refuses before it happens and the UI disables Approve with the same words, so the change is
 * never pushed only to be refused. Parity: tests/integration/supabase/self-approval-parity.test.ts.
 */

export const SELF_APPROVAL_REFUSAL =
  'You edited this version; another approver must approve it, or an owner can allow self-approval in Settings.';

export interface SelfApprovalCase {
  /** Who made the last material edit of the policy's text (null: nobody known, e.g. made before the rule). */
  editedBy: string | null;
  /** Who wants to approve it. */
  approver: string;
  /** The organization's setting; the local workspace has one person and allows it. */
  allowSelfApproval: boolean;
}

/** The refusal in words, or null when the approver may approve this version. */
export function selfApprovalRefusal({ editedBy, approver, allowSelfApproval }: SelfApprovalCase): string | null {
  return editedBy !== null && editedBy === approver && !allowSelfApproval ? SELF_APPROVAL_REFUSAL : null;
}
