/**
 * Fieldwork over an audit's scope: the controls in catalog order with their recorded results,
 * one control's requirement text, and the upsert of a result and notes. Also the pickers the
 * "New audit" dialog needs (frameworks, control search), read straight from the replica.
 */
import type { z } from 'zod';
import type {
  AuditResult,
  ControlOption,
  FrameworkOption,
  RecordResultInput,
  ScopeControl,
  ScopeInput,
  ScopeItem,
  ScopeOutput,
  SearchControlsInput,
  TestResult,
} from '../../../src-shared/domain/audit';
import { AppError, ErrorCode } from '../../../src-shared/errors';
import type { CoreDeps } from '../deps';
import { controlRef, registerControlRef } from '../search/control-ref';
import { toFtsQuery } from '../search/fts-query';
import { auditResultId } from '../sync/stable-id';
import { newRowStamp, syncedTable, type SyncedRow } from '../sync/synced-rows';
import { assertInScope, getAuditRow, openAuditRow } from './audit-rows';

interface ResultRow extends SyncedRow {
  audit_id: string;
  control_id: string;
  result: TestResult;
  notes: string;
}

const toResult = (row: ResultRow): AuditResult => ({
  id: row.id,
  auditId: row.audit_id,
  controlId: row.control_id,
  result: row.result,
  notes: row.notes,
  updatedAt: row.updated_at,
  updatedBy: row.updated_by,
});

interface ScopeItemRow {
  control_id: string;
  label: string;
  title: string;
  group_title: string;
  result: TestResult | null;
  notes: string | null;
  findings: number;
  evidence: number;
}

const SCOPE_FROM = /* sql */ `
  audit_scope s
  JOIN controls c ON c.id = s.control_id
  LEFT JOIN audit_results r ON r.audit_id = s.audit_id AND r.control_id = s.control_id AND r.deleted_at IS NULL`;

const ROW_COLUMNS = 's.audit_id, s.control_id, c.sort_key, c.label, c.title, c.group_title, r.result, r.notes';

/** Counted per output row only: applied to an already ordered and limited page (alias p). */
const COUNT_COLUMNS = /* sql */ `
  (SELECT count(*) FROM findings fi
    WHERE fi.audit_id = p.audit_id AND fi.control_id = p.control_id AND fi.deleted_at IS NULL) AS findings,
  (SELECT count(*) FROM evidence_controls ec JOIN evidence e ON e.id = ec.evidence_id
    WHERE ec.control_id = p.control_id AND ec.deleted_at IS NULL AND e.audit_id = p.audit_id AND e.deleted_at IS NULL) AS evidence`;

const toScopeItem = (row: ScopeItemRow): ScopeItem => ({
  controlId: row.control_id,
  label: row.label,
  title: row.title,
  groupTitle: row.group_title,
  result: row.result,
  notes: row.notes ?? '',
  findings: row.findings,
  evidence: row.evidence,
});

const RESULT_FILTERS: Record<z.output<typeof ScopeInput>['result'] & string, string> = {
  pass: "r.result = 'pass'",
  fail: "r.result = 'fail'",
  not_tested: "r.result = 'not_tested'",
  not_applicable: "r.result = 'not_applicable'",
  untested: "(r.result IS NULL OR r.result = 'not_tested')",
};

export function createScopeService({ db, orgId, now }: Pick<CoreDeps, 'db' | 'orgId' | 'now'>) {
  registerControlRef(db);
  const results = syncedTable<ResultRow>(db, 'audit_results');
  return {
    scope(input: z.output<typeof ScopeInput>): z.input<typeof ScopeOutput> {
      getAuditRow(db, orgId, input.auditId);
      const where = ['s.audit_id = @auditId', 's.org_id = @orgId', 's.deleted_at IS NULL'];
      const match = input.query ? toFtsQuery(input.query) : null;
      if (input.query && !match) return { items: [], total: 0 };
      if (match) where.push('c.rowid IN (SELECT rowid FROM controls_fts WHERE controls_fts MATCH @match)');
      if (input.result) where.push(RESULT_FILTERS[input.result]);
      const params = { auditId: input.auditId, orgId, match, limit: input.limit, offset: input.offset };
      const total = db
        .prepare(`SELECT count(*) FROM ${SCOPE_FROM} WHERE ${where.join(' AND ')}`)
        .pluck()
        .get(params) as number;
      const rows = db
        .prepare(
          `SELECT p.*, ${COUNT_COLUMNS} FROM (
             SELECT ${ROW_COLUMNS} FROM ${SCOPE_FROM} WHERE ${where.join(' AND ')}
             ORDER BY c.sort_key, c.label, c.id LIMIT @limit OFFSET @offset
           ) p ORDER BY p.sort_key, p.label, p.control_id`,
        )
        .all(params) as ScopeItemRow[];
      return { items: rows.map(toScopeItem), total };
    },

    scopeControl(auditId: string, controlId: string): ScopeControl {
      getAuditRow(db, orgId, auditId);
      assertInScope(db, orgId, auditId, controlId);
      const row = db
        .prepare(
          `SELECT p.*, ${COUNT_COLUMNS} FROM (
             SELECT ${ROW_COLUMNS}, c.statement, c.guidance, r.updated_at AS result_updated_at, r.updated_by AS result_updated_by
             FROM ${SCOPE_FROM} WHERE s.audit_id = ? AND s.control_id = ? AND s.deleted_at IS NULL
           ) p`,
        )
        .get(auditId, controlId) as ScopeItemRow & {
        statement: string;
        guidance: string;
        result_updated_at: string | null;
        result_updated_by: string | null;
      };
      return {
        ...toScopeItem(row),
        statement: row.statement,
        guidance: row.guidance,
        resultUpdatedAt: row.result_updated_at,
        resultUpdatedBy: row.result_updated_by,
      };
    },

    scopePosition(auditId: string, controlId: string): { index: number } {
      getAuditRow(db, orgId, auditId);
      assertInScope(db, orgId, auditId, controlId);
      // The same order as scope(): sort_key, label, id.
      const index = db
        .prepare(
          `SELECT count(*) FROM audit_scope s JOIN controls c ON c.id = s.control_id
           JOIN controls me ON me.id = @controlId
           WHERE s.audit_id = @auditId AND s.org_id = @orgId AND s.deleted_at IS NULL
             AND (c.sort_key, c.label, c.id) < (me.sort_key, me.label, me.id)`,
        )
        .pluck()
        .get({ auditId, controlId, orgId }) as number;
      return { index };
    },

    recordResult: db.transaction((input: z.output<typeof RecordResultInput>, actor: string): AuditResult => {
      const audit = openAuditRow(db, orgId, input.auditId);
      assertInScope(db, orgId, input.auditId, input.controlId);
      // A planned audit has not started: results recorded before fieldwork would predate the
      // decision to start it. Starting fieldwork is an explicit status change.
      if (audit.status === 'planned') {
        throw new AppError(
          ErrorCode.Conflict,
          `The audit “${audit.title}” is still planned: start fieldwork (set its status to Fieldwork) before recording results or notes.`,
        );
      }
      const at = now();
      const before = db
        .prepare('SELECT * FROM audit_results WHERE audit_id = ? AND control_id = ?')
        .get(input.auditId, input.controlId) as ResultRow | undefined;
      if (!before) {
        const row: ResultRow = {
          ...newRowStamp(orgId, actor, at),
          // One result per audit and control on every device: its id is made from the pair.
          id: auditResultId(orgId, input.auditId, input.controlId),
          audit_id: input.auditId,
          control_id: input.controlId,
          result: input.result ?? 'not_tested',
          notes: input.notes ?? '',
        };
        results.insert(row);
        return toResult(row);
      }
      const after: ResultRow = {
        ...before,
        result: input.result ?? before.result,
        notes: input.notes ?? before.notes,
        deleted_at: null,
        updated_at: at,
        updated_by: actor,
      };
      return toResult(results.updateIfChanged(before, after) ? after : before);
    }),

    frameworkOptions(): { items: FrameworkOption[] } {
      const items = db
        .prepare(
          `SELECT f.id, f.title, f.version,
             (SELECT count(*) FROM controls c WHERE c.framework_id = f.id AND c.deleted_at IS NULL) AS controls
           FROM frameworks f WHERE f.org_id = ? AND f.deleted_at IS NULL ORDER BY f.title, f.id LIMIT 500`,
        )
        .all(orgId) as FrameworkOption[];
      return { items };
    },

    searchControls(input: z.output<typeof SearchControlsInput>): { items: ControlOption[]; total: number } {
      const match = toFtsQuery(input.query);
      if (!match) return { items: [], total: 0 };
      const where = ['controls_fts MATCH @match', 'c.org_id = @orgId', 'c.deleted_at IS NULL', 'f.deleted_at IS NULL'];
      if (input.frameworkId) where.push('c.framework_id = @frameworkId');
      const from = `controls_fts JOIN controls c ON c.rowid = controls_fts.rowid JOIN frameworks f ON f.id = c.framework_id`;
      const params = { match, orgId, frameworkId: input.frameworkId, limit: input.limit, offset: input.offset };
      const total = db
        .prepare(`SELECT count(*) FROM ${from} WHERE ${where.join(' AND ')}`)
        .pluck()
        .get(params) as number;
      const items = db
        .prepare(
          `SELECT c.id, c.label, c.title, c.group_title AS groupTitle, f.title AS frameworkTitle FROM ${from}
           WHERE ${where.join(' AND ')}
           ORDER BY cf_control_ref_rank(c.label, c.control_key, @ref) DESC, bm25(controls_fts, 10.0, 5.0, 1.0, 0.5), c.sort_key
           LIMIT @limit OFFSET @offset`,
        )
        .all({ ...params, ref: controlRef(input.query) }) as ControlOption[];
      return { items, total };
    },
  };
}
