/**
 * One framework's controls: paged list in catalog order with status filter and full-text
 * search, detail with enhancements and linked policies and evidence, and the organization's
 * own fields (status, owner, notes, justification), written through the synced-table writer.
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
import { syncedTable } from '../sync/synced-rows';
import type { ControlRow } from './import-catalog';
import { EVIDENCE_EXPIRED_SQL } from './readiness';

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
  const controls = syncedTable<ControlRow>(db, 'controls');
  const getRow = (id: string): ControlRow => {
    const row = db
      .prepare(
        `SELECT c.* FROM controls c JOIN frameworks f ON f.id = c.framework_id AND f.deleted_at IS NULL
         WHERE c.id = ? AND c.org_id = ? AND c.deleted_at IS NULL`,
      )
      .get(id, orgId) as ControlRow | undefined;
    if (!row) throw new AppError(ErrorCode.NotFound, `No control with id ${id}.`);
    return row;
  };

  const detail = (row: ControlRow): z.input<typeof Control> => {
    const today = now().slice(0, 10);
    const enhancements = db
      .prepare('SELECT id, label, title, status FROM controls WHERE parent_id = ? AND deleted_at IS NULL ORDER BY sort_key')
      .all(row.id) as { id: string; label: string; title: string; status: ControlRow['status'] }[];
    const policies = db
      .prepare(
        `SELECT p.id, p.title, p.status FROM policy_controls pc JOIN policies p ON p.id = pc.policy_id
         WHERE pc.control_id = ? AND pc.deleted_at IS NULL AND p.deleted_at IS NULL ORDER BY p.title LIMIT 500`,
      )
      .all(row.id) as { id: string; title: string; status: string }[];
    const evidence = db
      .prepare(
        `SELECT e.id, e.title, ${EVIDENCE_EXPIRED_SQL} AS expired FROM evidence_controls ec JOIN evidence e ON e.id = ec.evidence_id
         WHERE ec.control_id = @id AND ec.deleted_at IS NULL AND e.deleted_at IS NULL ORDER BY e.title LIMIT 500`,
      )
      .all({ id: row.id, today }) as { id: string; title: string; expired: number }[];
    return {
      ...summaryOf(row),
      statement: row.statement,
      guidance: row.guidance,
      params: parseParams(row.params),
      justification: row.justification,
      notes: row.notes,
      enhancements,
      policies,
      evidence: evidence.map((e) => ({ ...e, expired: e.expired === 1 })),
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      updatedBy: row.updated_by,
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
      if (input.status) where.push('c.status = @status');
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
      const from = match
        ? 'controls_fts JOIN controls c ON c.rowid = controls_fts.rowid AND controls_fts MATCH @match'
        : 'controls c';
      const total = (db.prepare(`SELECT count(*) AS n FROM ${from} WHERE ${where.join(' AND ')}`).get(params) as { n: number }).n;
      const snippet = match ? `snippet(controls_fts, 2, '[', ']', '…', 12)` : 'NULL';
      // Search results keep catalog order too: a list of controls reads best in that order.
      const rows = db
        .prepare(
          `SELECT c.*, ${snippet} AS snippet FROM ${from} WHERE ${where.join(' AND ')} ORDER BY c.sort_key, c.id LIMIT @limit OFFSET @offset`,
        )
        .all(params) as (ControlRow & { snippet: string | null })[];
      return { items: rows.map((row) => ({ ...summaryOf(row), snippet: row.snippet })), total };
    },

    update: db.transaction((input: z.output<typeof ControlUpdateInput>, actor: string) => {
      const before = getRow(input.id);
      const after: ControlRow = {
        ...before,
        status: input.status ?? before.status,
        owner: input.owner ?? before.owner,
        notes: input.notes ?? before.notes,
        justification: input.justification ?? before.justification,
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
      return detail(controls.updateIfChanged(before, after) ? after : before);
    }),
  };
}
