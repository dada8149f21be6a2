/**
 * Findings raised during an audit: create on the audit or on one of its controls in scope,
 * edit every part an auditor writes (condition, criteria, cause, effect, recommendation,
 * management response) and the remediation status (a risk accepted names who and why), list with filters, tombstone. A closed audit's findings
 * no longer change.
 */
import type { z } from 'zod';
import type {
  Finding,
  FindingCreateInput,
  FindingListInput,
  FindingListOutput,
  FindingUpdateInput,
} from '../../../src-shared/domain/audit';
import { AppError, ErrorCode } from '../../../src-shared/errors';
import type { CoreDeps } from '../deps';
import { newRowStamp, syncedTable, type SyncedRow } from '../sync/synced-rows';
import { assignedAuditSql, auditHidden } from './assignments';
import { assertInScope, noFinding, openAuditRow } from './audit-rows';

interface FindingRow extends SyncedRow {
  audit_id: string;
  control_id: string | null;
  title: string;
  description: string;
  severity: Finding['severity'];
  owner: string;
  due_date: string | null;
  status: Finding['status'];
  condition: string;
  criteria: string;
  cause: string;
  effect: string;
  recommendation: string;
  management_response: string;
  risk_accepted_by: string;
  risk_acceptance_reason: string;
}

const toFinding = (row: FindingRow, controlLabel: string | null): Finding => ({
  id: row.id,
  auditId: row.audit_id,
  controlId: row.control_id,
  controlLabel,
  title: row.title,
  description: row.description,
  severity: row.severity,
  owner: row.owner,
  dueDate: row.due_date,
  status: row.status,
  condition: row.condition,
  criteria: row.criteria,
  cause: row.cause,
  effect: row.effect,
  recommendation: row.recommendation,
  managementResponse: row.management_response,
  riskAcceptedBy: row.risk_accepted_by,
  riskAcceptanceReason: row.risk_acceptance_reason,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
  updatedBy: row.updated_by,
});

/**
 * Accepting a risk is a decision someone owns: it needs who and why. Leaving "accepted" drops
 * them (the trail keeps who had accepted it), and they cannot be set on a finding that is not.
 */
function checkRiskAcceptance(row: FindingRow, input: z.output<typeof FindingUpdateInput>): FindingRow {
  if (row.status !== 'accepted') {
    if (input.riskAcceptedBy || input.riskAcceptanceReason) {
      throw new AppError(
        ErrorCode.InvalidInput,
        `Who accepted the risk and why can only be recorded when the finding “${row.title}” is set to Risk accepted.`,
      );
    }
    return { ...row, risk_accepted_by: '', risk_acceptance_reason: '' };
  }
  const missing = [!row.risk_accepted_by && 'who accepts the risk', !row.risk_acceptance_reason && 'why'].filter(Boolean);
  if (missing.length > 0) {
    throw new AppError(
      ErrorCode.InvalidInput,
      `Accepting the risk of the finding “${row.title}” needs ${missing.join(' and ')}.`,
    );
  }
  return row;
}

const SEVERITY_RANK = "CASE fi.severity WHEN 'critical' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 ELSE 3 END";

export function createFindingsService({ db, orgId, now }: Pick<CoreDeps, 'db' | 'orgId' | 'now'>) {
  const findings = syncedTable<FindingRow>(db, 'findings');
  const labelOf = (controlId: string | null): string | null =>
    controlId === null
      ? null
      : ((db.prepare('SELECT label FROM controls WHERE id = ?').pluck().get(controlId) as string | undefined) ?? null);

  /** A live finding of a live audit. */
  const getRow = (id: string): FindingRow => {
    const row = db
      .prepare(
        `SELECT fi.* FROM findings fi JOIN audits a ON a.id = fi.audit_id AND a.deleted_at IS NULL
         WHERE fi.id = ? AND fi.org_id = ? AND fi.deleted_at IS NULL`,
      )
      .get(id, orgId) as FindingRow | undefined;
    if (!row) throw noFinding(id);
    return row;
  };

  return {
    /** `assignedTo` (assignments.ts assignmentScope): a finding of an audit hidden from them is missing. */
    get(id: string, assignedTo: string | null = null): Finding {
      const row = getRow(id);
      if (auditHidden(db, assignedTo, row.audit_id)) throw noFinding(id);
      return toFinding(row, labelOf(row.control_id));
    },

    create: db.transaction((input: z.output<typeof FindingCreateInput>, actor: string): Finding => {
      openAuditRow(db, orgId, input.auditId);
      if (input.controlId) assertInScope(db, orgId, input.auditId, input.controlId);
      const at = now();
      const row: FindingRow = {
        ...newRowStamp(orgId, actor, at),
        audit_id: input.auditId,
        control_id: input.controlId ?? null,
        title: input.title,
        description: input.description,
        severity: input.severity,
        owner: input.owner,
        due_date: input.dueDate,
        status: 'open',
        condition: input.condition,
        criteria: input.criteria,
        cause: input.cause,
        effect: input.effect,
        recommendation: input.recommendation,
        management_response: input.managementResponse,
        risk_accepted_by: '',
        risk_acceptance_reason: '',
      };
      findings.insert(row);
      return toFinding(row, labelOf(row.control_id));
    }),

    update: db.transaction((input: z.output<typeof FindingUpdateInput>, actor: string): Finding => {
      const before = getRow(input.id);
      openAuditRow(db, orgId, before.audit_id);
      const after = checkRiskAcceptance(
        {
          ...before,
          title: input.title ?? before.title,
          description: input.description ?? before.description,
          severity: input.severity ?? before.severity,
          owner: input.owner ?? before.owner,
          due_date: input.dueDate === undefined ? before.due_date : input.dueDate,
          status: input.status ?? before.status,
          condition: input.condition ?? before.condition,
          criteria: input.criteria ?? before.criteria,
          cause: input.cause ?? before.cause,
          effect: input.effect ?? before.effect,
          recommendation: input.recommendation ?? before.recommendation,
          management_response: input.managementResponse ?? before.management_response,
          risk_accepted_by: input.riskAcceptedBy ?? before.risk_accepted_by,
          risk_acceptance_reason: input.riskAcceptanceReason ?? before.risk_acceptance_reason,
          updated_at: now(),
          updated_by: actor,
        },
        input,
      );
      const row = findings.updateIfChanged(before, after) ? after : before;
      return toFinding(row, labelOf(row.control_id));
    }),

    delete: db.transaction((id: string, actor: string): { id: string } => {
      const before = getRow(id);
      openAuditRow(db, orgId, before.audit_id);
      const at = now();
      findings.update(before, { ...before, deleted_at: at, updated_at: at, updated_by: actor }, 'delete');
      return { id };
    }),

    /** `assignedTo`: an auditor's user id keeps only the findings of their audits (not a security boundary: assignments.ts). */
    list(input: z.output<typeof FindingListInput>, assignedTo: string | null = null): z.input<typeof FindingListOutput> {
      const where = ['fi.org_id = @orgId', 'fi.deleted_at IS NULL'];
      if (assignedTo !== null) where.push(assignedAuditSql('fi.audit_id'));
      if (input.auditId) where.push('fi.audit_id = @auditId');
      if (input.controlId) where.push('fi.control_id = @controlId');
      if (input.status) where.push('fi.status = @status');
      if (input.severity) where.push('fi.severity = @severity');
      const from =
        'findings fi JOIN audits a ON a.id = fi.audit_id AND a.deleted_at IS NULL LEFT JOIN controls c ON c.id = fi.control_id';
      const params = { ...input, orgId, userId: assignedTo };
      const total = db
        .prepare(`SELECT count(*) FROM ${from} WHERE ${where.join(' AND ')}`)
        .pluck()
        .get(params) as number;
      const rows = db
        .prepare(
          `SELECT fi.*, c.label AS control_label FROM ${from} WHERE ${where.join(' AND ')}
           ORDER BY ${SEVERITY_RANK}, fi.due_date IS NULL, fi.due_date, fi.created_at, fi.id LIMIT @limit OFFSET @offset`,
        )
        .all(params) as (FindingRow & { control_label: string | null })[];
      return { items: rows.map(({ control_label, ...row }) => toFinding(row, control_label)), total };
    },
  };
}
