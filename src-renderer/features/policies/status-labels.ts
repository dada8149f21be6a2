import type { PolicyStatus } from '../../../src-shared/domain/policy';

export const STATUS_LABELS: Record<PolicyStatus, string> = {
  draft: 'Draft',
  in_review: 'In review',
  approved: 'Approved',
  published: 'Published',
};
