/** Words users see for the audit enumerations, and the result keys of the fieldwork keyboard. */
import type { AuditStatus, FindingSeverity, FindingStatus, FindingTextField, TestResult } from '../../../src-shared/domain/audit';

export const AUDIT_STATUS_LABELS: Record<AuditStatus, string> = {
  planned: 'Planned',
  fieldwork: 'Fieldwork',
  reporting: 'Reporting',
  closed: 'Closed',
};

/** In keyboard order: key 1 is Pass, 2 Fail, 3 Not tested, 4 Not applicable. */
export const RESULT_LABELS: Record<TestResult, string> = {
  pass: 'Pass',
  fail: 'Fail',
  not_tested: 'Not tested',
  not_applicable: 'Not applicable',
};
export const RESULT_KEYS = Object.keys(RESULT_LABELS) as TestResult[];

export const SEVERITY_LABELS: Record<FindingSeverity, string> = {
  low: 'Low',
  medium: 'Medium',
  high: 'High',
  critical: 'Critical',
};

export const FINDING_STATUS_LABELS: Record<FindingStatus, string> = {
  open: 'Open',
  in_remediation: 'In remediation',
  closed: 'Closed',
  accepted: 'Risk accepted',
};

/** Today as the user's calendar date (YYYY-MM-DD), not UTC. */
export function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** The parts of a finding, with the question each one answers (shown as the field's hint). */
export const FINDING_TEXT_LABELS: Record<FindingTextField, { label: string; hint: string }> = {
  condition: { label: 'Condition', hint: 'What was found' },
  criteria: { label: 'Criteria', hint: 'What should be: the requirement' },
  cause: { label: 'Cause', hint: 'Why the condition exists' },
  effect: { label: 'Effect', hint: 'The risk or impact' },
  recommendation: { label: 'Recommendation', hint: 'What should be done' },
  managementResponse: { label: 'Management response', hint: 'What management will do, and by when' },
};
