/**
 * One framework's controls: paged list in catalog order with status filter and full-text
 * search, detail with enhancements and linked policies and evidence, and the organization's
 * own fields (status, owner, notes, justification, parameter values). Those fields are the
 * control's implementation, shared by every baseline of its catalog (implementations.ts), and
 * written there through the synced-table writer.
 */
import type { z } from 'zod';
import type {
  Control,
  ControlListInput,
  ControlListOutput,
  ControlParam,
  ControlUpdateInput,
} from '../../../src-shared/domain/framework';
import { AppError, ErrorCode } from '../../../src-shared/errors';
import type { CoreDeps } from '../deps';
import { toFtsQuery } from '../search/fts-query';
import { frameworkShortName } from '../../../src-shared/domain/catalog-source';
import { syncedTable } from '../sync/synced-rows';
import type { ControlRow } from './import-catalog';
import {
  ensureImplementations,
  IMPLEMENTATION_JOIN,
  implementationOf,
  parseParamValues,
  STATUS_SQL,
  type ImplementationRow,
} from './implementations';
import { controlReadiness, EVIDENCE_EXPIRED_SQL } from './readiness';
import { renderStatement } from './statement';

/** A control row read with its framework's catalog source and its implementation's fields. */
type ReadRow = ControlRow & {
  catalog_source: string;
  param_values: string | null;
  implementation_id: string | null;
  i_updated_at: string | null;
  i_updated_by: string | null;
};

/** Selects a control `c` (framework `f`) with the implementation's fields over its own. */
const READ_COLUMNS = /* sql */ `c.*, f.catalog_source AS catalog_source, ${STATUS_SQL} AS status,
  coalesce(i.owner, c.owner) AS owner, coalesce(i.notes, c.notes) AS notes,
  coalesce(i.justification, c.justification) AS justification, i.param_values AS param_values,
  i.id AS implementation_id, i.updated_at AS i_updated_at, i.updated_by AS i_updated_by`;

const summaryOf = (row: ControlRow) => ({
  id: row.id,
  frameworkId: row.framework_id,
  parentId: row.parent_id,
  controlKey: row.control_key,
  label: row.label,
  title: row.title,
  groupTitle: row.group_title,
  status: row.status,
  owner: row.owner,
  sortKey: row.sort_key,
});

const parseParams = (text: string): ControlParam[] => {
  try {
    const value = JSON.parse(text) as unknown;
    return Array.isArray(value) ? (value as ControlParam[]) : [];
  } catch {
    return [];
  }
};

export function createControlsService({ db, orgId, now }: Pick<CoreDeps, 'db' | 'orgId' | 'now'>) {
  const implementations = syncedTable<ImplementationRow>(db, 'control_implementations');
  const getRow = (id: string): ReadRow => {
    const row = db
      .prepare(
        `SELECT ${READ_COLUMNS} FROM controls c JOIN frameworks f ON f.id = c.framework_id AND f.deleted_at IS NULL
         ${IMPLEMENTATION_JOIN}
         WHERE c.id = ? AND c.org_id = ? AND c.deleted_at IS NULL`,
      )
      .get(id, orgId) as ReadRow | undefined;
    if (!row) throw new AppError(ErrorCode.NotFound, `No control with id ${id}.`);
    return row;
  };

  const detail = (row: ReadRow): z.input<typeof Control> => {
    const today = now().slice(0, 10);
    const enhancements = db
      .prepare(
        `SELECT c.id, c.label, c.title, ${STATUS_SQL} AS status FROM controls c JOIN frameworks f ON f.id = c.framework_id
         ${IMPLEMENTATION_JOIN}
         WHERE c.parent_id = ? AND c.deleted_at IS NULL ORDER BY c.sort_key`,
      )
      .all(row.id) as { id: string; label: string; title: string; status: ControlRow['status'] }[];
    // The same control in the catalog's other baselines (archived ones too, marked).
    const siblings = row.catalog_source
      ? (db
          .prepare(
            `SELECT c.id AS controlId, f.id AS frameworkId, f.title, f.source_uuid, f.archived_at FROM controls c
             JOIN frameworks f ON f.id = c.framework_id AND f.deleted_at IS NULL AND f.catalog_source = @source
             WHERE c.org_id = @orgId AND c.control_key = @key AND c.deleted_at IS NULL AND c.id <> @id
             ORDER BY f.title, f.id`,
          )
          .all({ source: row.catalog_source, orgId, key: row.control_key, id: row.id }) as {
          controlId: string;
          frameworkId: string;
          title: string;
          source_uuid: string;
          archived_at: string | null;
        }[])
      : [];
    const policies = db
      .prepare(
        `SELECT p.id, p.title, p.status FROM policy_controls pc JOIN policies p ON p.id = pc.policy_id
         WHERE pc.control_id = ? AND pc.deleted_at IS NULL AND p.deleted_at IS NULL ORDER BY p.title LIMIT 500`,
      )
      .all(row.id) as { id: string; title: string; status: string }[];
    // Evidence of the shared implementation: linked here or to a sibling (named by `via`).
    const siblingName = new Map(siblings.map((s) => [s.controlId, frameworkShortName(s.title, s.source_uuid)]));
    const linkedTo = [row.id, ...siblings.map((s) => s.controlId)];
    const evidence = db
      .prepare(
        `SELECT e.id, e.title, ${EVIDENCE_EXPIRED_SQL} AS expired, max(ec.control_id = @id) AS here,
           min(CASE WHEN ec.control_id <> @id THEN ec.control_id END) AS via_control
         FROM evidence_controls ec JOIN evidence e ON e.id = ec.evidence_id
         WHERE ec.control_id IN (SELECT value FROM json_each(@ids)) AND ec.deleted_at IS NULL AND e.deleted_at IS NULL
         GROUP BY e.id ORDER BY e.title LIMIT 500`,
      )
      .all({ id: row.id, ids: JSON.stringify(linkedTo), today }) as {
      id: string;
      title: string;
      expired: number;
      here: number;
      via_control: string | null;
    }[];
    const evidenceItems = evidence.map((e) => ({
      id: e.id,
      title: e.title,
      expired: e.expired === 1,
      via: e.here === 1 || e.via_control === null ? null : (siblingName.get(e.via_control) ?? null),
    }));
    const paramValues = parseParamValues(row.param_values);
    return {
      ...summaryOf(row),
      statement: renderStatement(row.statement_template, paramValues, row.statement),
      catalogStatement: row.statement,
      paramValues,
      implementationId: row.implementation_id,
      sharedWith: siblings.map((s) => ({
        frameworkId: s.frameworkId,
        controlId: s.controlId,
        name: frameworkShortName(s.title, s.source_uuid),
        archived: s.archived_at !== null,
      })),
      readiness: controlReadiness(row.status, evidenceItems),
      guidance: row.guidance,
      params: parseParams(row.params),
      justification: row.justification,
      notes: row.notes,
      enhancements,
      policies,
      evidence: evidenceItems,
      createdAt: row.created_at,
      // The organization's last change is to the implementation; the catalog's to the row.
      updatedAt: row.i_updated_at ?? row.updated_at,
      updatedBy: row.i_updated_by ?? row.updated_by,
    };
  };

  return {
    get: (id: string) => detail(getRow(id)),

    list(input: z.output<typeof ControlListInput>): z.input<typeof ControlListOutput> {
      const framework = db
        .prepare('SELECT id FROM frameworks WHERE id = ? AND org_id = ? AND deleted_at IS NULL')
        .get(input.frameworkId, orgId);
      if (!framework) throw new AppError(ErrorCode.NotFound, `No framework with id ${input.frameworkId}.`);
      const match = input.query ? toFtsQuery(input.query) : null;
      if (input.query && !match) return { items: [], total: 0 };
      const where = ['c.framework_id = @frameworkId', 'c.org_id = @orgId', 'c.deleted_at IS NULL'];
      if (input.status) where.push(`${STATUS_SQL} = @status`);
      if (input.parentId === null) where.push('c.parent_id IS NULL');
      else if (input.parentId !== undefined) where.push('c.parent_id = @parentId');
      const params = {
        frameworkId: input.frameworkId,
        orgId,
        status: input.status,
        parentId: input.parentId,
        match,
        limit: input.limit,
        offset: input.offset,
      };
      const from = `${match ? 'controls_fts JOIN controls c ON c.rowid = controls_fts.rowid AND controls_fts MATCH @match' : 'controls c'}
        JOIN frameworks f ON f.id = c.framework_id ${IMPLEMENTATION_JOIN}`;
      const total = (db.prepare(`SELECT count(*) AS n FROM ${from} WHERE ${where.join(' AND ')}`).get(params) as { n: number }).n;
      const snippet = match ? `snippet(controls_fts, 2, '[', ']', '…', 12)` : 'NULL';
      // Search results keep catalog order too: a list of controls reads best in that order.
      const rows = db
        .prepare(
          `SELECT ${READ_COLUMNS}, ${snippet} AS snippet FROM ${from} WHERE ${where.join(' AND ')} ORDER BY c.sort_key, c.id LIMIT @limit OFFSET @offset`,
        )
        .all(params) as (ReadRow & { snippet: string | null })[];
      return { items: rows.map((row) => ({ ...summaryOf(row), snippet: row.snippet })), total };
    },

    update: db.transaction((input: z.output<typeof ControlUpdateInput>, actor: string) => {
      let control = getRow(input.id);
      let before = implementationOf(db, orgId, control.catalog_source, control.control_key);
      if (!before) {
        // Pulled before its implementation, or from a version that had none: make it first.
        ensureImplementations({ db, orgId, now }, actor);
        control = getRow(input.id);
        before = implementationOf(db, orgId, control.catalog_source, control.control_key);
        if (!before) throw new AppError(ErrorCode.NotFound, `The control ${control.label} has no implementation to update.`);
      }
      const values = parseParamValues(before.param_values);
      if (input.paramValues) {
        const known = new Set(parseParams(control.params).map((p) => p.id));
        const unknown = Object.keys(input.paramValues).filter((id) => !known.has(id));
        if (unknown.length) {
          throw new AppError(
            ErrorCode.InvalidInput,
            `${control.label} has no parameter ${unknown.map((id) => `“${id}”`).join(', ')}: nothing was saved.`,
          );
        }
        for (const [id, value] of Object.entries(input.paramValues)) {
          if (value === '') delete values[id];
          else values[id] = value;
        }
      }
      const after: ImplementationRow = {
        ...before,
        status: input.status ?? before.status,
        owner: input.owner ?? before.owner,
        notes: input.notes ?? before.notes,
        justification: input.justification ?? before.justification,
        param_values: JSON.stringify(Object.fromEntries(Object.entries(values).sort(([a], [b]) => a.localeCompare(b)))),
        updated_at: now(),
        updated_by: actor,
      };
      if (after.status === 'not_applicable' && after.justification.trim() === '') {
        throw new AppError(
          ErrorCode.InvalidInput,
          'A control marked “Not applicable” needs a justification: say why it does not apply here.',
        );
      }
      // A save without change writes nothing (not even a new updated_at).
      implementations.updateIfChanged(before, after);
      return detail(getRow(input.id));
    }),
  };
}
