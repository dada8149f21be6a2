/**
 * Audits: create with a scope (every live control of a framework, or chosen controls), edit the
 * window, auditors and status, tombstone, and list with fieldwork progress. Every write goes
 * through the synced-table writer (row, outbox entry and trail event in one transaction).
 */
import { ASSIGNED_TO_USER } from './assignments';
import type { z } from 'zod';
import type {
  Audit,
  AuditCreateInput,
  AuditListInput,
  AuditListOutput,
  AuditSummary,
  AuditUpdateInput,
} from '../../../src-shared/domain/audit';
import { AppError, ErrorCode } from '../../../src-shared/errors';
import type { CoreDeps } from '../deps';
import { linkId } from '../sync/stable-id';
import { newRowStamp, syncedTable, type SyncedRow } from '../sync/synced-rows';
import { getAuditRow, toAudit, type AuditRow } from './audit-rows';

interface ScopeRow extends SyncedRow {
  audit_id: string;
  control_id: string;
}

const PROGRESS_COLUMNS = /* sql */ `
  f.title AS framework_title,
  (SELECT count(*) FROM audit_scope s WHERE s.audit_id = a.id AND s.deleted_at IS NULL) AS in_scope,
  (SELECT count(*) FROM audit_results r WHERE r.audit_id = a.id AND r.deleted_at IS NULL AND r.result <> 'not_tested') AS tested,
  (SELECT count(*) FROM audit_results r WHERE r.audit_id = a.id AND r.deleted_at IS NULL AND r.result = 'fail') AS failed,
  (SELECT count(*) FROM findings fi WHERE fi.audit_id = a.id AND fi.deleted_at IS NULL AND fi.status IN ('open', 'in_remediation')) AS open_findings`;

type SummaryRow = AuditRow & {
  framework_title: string | null;
  in_scope: number;
  tested: number;
  failed: number;
  open_findings: number;
};

const toSummary = (row: SummaryRow): AuditSummary => {
  const { framework_title, in_scope, tested, failed, open_findings, ...audit } = row;
  return {
    ...toAudit(audit),
    frameworkTitle: framework_title,
    progress: { inScope: in_scope, tested, failed, openFindings: open_findings },
  };
};

const cleanAuditors = (names: string[]) => JSON.stringify([...new Set(names.map((n) => n.trim()).filter(Boolean))]);

export function createAuditsService({ db, orgId, now, emit }: Pick<CoreDeps, 'db' | 'orgId' | 'now' | 'emit'>) {
  const audits = syncedTable<AuditRow>(db, 'audits');
  const scopeRows = syncedTable<ScopeRow>(db, 'audit_scope');

  const scopeControlIds = (input: z.output<typeof AuditCreateInput>): string[] => {
    if (input.frameworkId !== undefined) {
      const framework = db
        .prepare('SELECT title FROM frameworks WHERE id = ? AND org_id = ? AND deleted_at IS NULL')
        .get(input.frameworkId, orgId) as { title: string } | undefined;
      if (!framework) throw new AppError(ErrorCode.NotFound, `No framework with id ${input.frameworkId}.`);
      const ids = db
        .prepare(
          'SELECT id FROM controls WHERE framework_id = ? AND org_id = ? AND deleted_at IS NULL ORDER BY sort_key, label, id',
        )
        .pluck()
        .all(input.frameworkId, orgId) as string[];
      if (ids.length === 0)
        throw new AppError(ErrorCode.Conflict, `The framework “${framework.title}” has no controls to audit.`);
      return ids;
    }
    const ids = [...new Set(input.controlIds ?? [])];
    const missing = db
      .prepare(
        `SELECT value FROM json_each(?) WHERE value NOT IN (SELECT id FROM controls WHERE org_id = ? AND deleted_at IS NULL) LIMIT 1`,
      )
      .pluck()
      .get(JSON.stringify(ids), orgId) as string | undefined;
    if (missing) throw new AppError(ErrorCode.NotFound, `No control with id ${missing}.`);
    return ids;
  };

  const summary = (id: string): AuditSummary => {
    const row = db
      .prepare(
        `SELECT a.*, ${PROGRESS_COLUMNS} FROM audits a LEFT JOIN frameworks f ON f.id = a.framework_id WHERE a.id = ? AND a.org_id = ? AND a.deleted_at IS NULL`,
      )
      .get(id, orgId) as SummaryRow | undefined;
    if (!row) throw new AppError(ErrorCode.NotFound, `No audit with id ${id}.`);
    return toSummary(row);
  };

  return {
    get: summary,

    create: db.transaction((input: z.output<typeof AuditCreateInput>, actor: string): Audit => {
      const controlIds = scopeControlIds(input);
      const at = now();
      const audit: AuditRow = {
        ...newRowStamp(orgId, actor, at),
        title: input.title,
        framework_id: input.frameworkId ?? null,
        window_start: input.windowStart,
        window_end: input.windowEnd,
        status: 'planned',
        auditors: cleanAuditors(input.auditors),
        reopen_reason: null,
      };
      audits.insert(audit);
      const jobId = `audit-scope-${audit.id}`;
      controlIds.forEach((controlId, index) => {
        scopeRows.insert({
          ...newRowStamp(orgId, actor, at),
          // Made from the pair, as every link row (stable-id.ts).
          id: linkId('audit_scope', orgId, audit.id, controlId),
          audit_id: audit.id,
          control_id: controlId,
        });
        if ((index + 1) % 500 === 0)
          emit('job.progress', { jobId, label: 'Adding controls to the audit scope', done: index + 1, total: controlIds.length });
      });
      return toAudit(audit);
    }),

    update: db.transaction((input: z.output<typeof AuditUpdateInput>, actor: string): Audit => {
      const before = getAuditRow(db, orgId, input.id);
      if (before.status === 'closed') {
        throw new AppError(ErrorCode.Conflict, `The audit “${before.title}” is closed and can no longer change.`);
      }
      const after: AuditRow = {
        ...before,
        title: input.title ?? before.title,
        window_start: input.windowStart ?? before.window_start,
        window_end: input.windowEnd ?? before.window_end,
        auditors: input.auditors ? cleanAuditors(input.auditors) : before.auditors,
        status: input.status ?? before.status,
        updated_at: now(),
        updated_by: actor,
      };
      if (after.window_start > after.window_end) {
        throw new AppError(
          ErrorCode.InvalidInput,
          `The observation window must start on or before its end (${after.window_start} is after ${after.window_end}).`,
        );
      }
      return toAudit(audits.updateIfChanged(before, after) ? after : before);
    }),

    delete: db.transaction((id: string, actor: string): { id: string } => {
      const before = getAuditRow(db, orgId, id);
      if (before.status === 'closed') {
        throw new AppError(
          ErrorCode.Conflict,
          `The audit “${before.title}” is closed: it is the signed-off record and can no longer be deleted.`,
        );
      }
      const at = now();
      audits.update(before, { ...before, deleted_at: at, updated_at: at, updated_by: actor }, 'delete');
      return { id };
    }),

    /** Undo of delete (from the Trash): clears the tombstone; results and findings come back with it. */
    restore: db.transaction((id: string, actor: string): Audit => {
      const before = db.prepare('SELECT * FROM audits WHERE id = ? AND org_id = ? AND deleted_at IS NOT NULL').get(id, orgId) as
        AuditRow | undefined;
      if (!before) throw new AppError(ErrorCode.NotFound, `No deleted audit with id ${id}.`);
      const after = { ...before, deleted_at: null, updated_at: now(), updated_by: actor };
      audits.update(before, after);
      return toAudit(after);
    }),

    /** A page of audits; `assignedTo` (an auditor's user id) keeps only the audits assigned to them. */
    list(input: z.output<typeof AuditListInput>, assignedTo?: string): z.input<typeof AuditListOutput> {
      const where = ['a.org_id = @orgId', 'a.deleted_at IS NULL'];
      if (input.status) where.push('a.status = @status');
      if (assignedTo !== undefined) where.push(ASSIGNED_TO_USER);
      const params = { orgId, status: input.status, limit: input.limit, offset: input.offset, userId: assignedTo ?? null };
      const total = db
        .prepare(`SELECT count(*) FROM audits a WHERE ${where.join(' AND ')}`)
        .pluck()
        .get(params) as number;
      const rows = db
        .prepare(
          `SELECT a.*, ${PROGRESS_COLUMNS} FROM audits a LEFT JOIN frameworks f ON f.id = a.framework_id
           WHERE ${where.join(' AND ')} ORDER BY a.window_end DESC, a.created_at DESC, a.id LIMIT @limit OFFSET @offset`,
        )
        .all(params) as SummaryRow[];
      return { items: rows.map(toSummary), total };
    },
  };
}

export type AuditsService = ReturnType<typeof createAuditsService>;
