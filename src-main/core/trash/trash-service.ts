/**
 * The Trash: every tombstoned policy, evidence item, audit and framework of the workspace,
 * read from the tables themselves (a deletion is a tombstone: `deleted_at`, synced like any
 * change). Emptying cannot remove the tombstones — other devices and the server need them — so
 * it records on this device the instant up to which deletions are final (local-only settings
 * table); nothing deleted before it is listed or restorable.
 */
import type { z } from 'zod';
import type { TrashItem, TrashKind, TrashListInput, TrashListOutput } from '../../../src-shared/domain/trash';
import { AppError, ErrorCode } from '../../../src-shared/errors';
import { assignedAuditSql, visibleCaptureSql } from '../audits/assignments';
import type { Db } from '../db/database';

const EMPTIED_KEY = 'trash.emptiedAt';

/** Table per kind: a fixed map, so no table name ever comes from a caller. */
const TABLES: Record<TrashKind, string> = {
  policy: 'policies',
  evidence: 'evidence',
  audit: 'audits',
  framework: 'frameworks',
};

const NOUNS: Record<TrashKind, string> = { policy: 'policy', evidence: 'evidence item', audit: 'audit', framework: 'framework' };

/**
 * What an auditor's Trash leaves out, per kind: audits not assigned to them and evidence captured
 * in those (as their audits and evidence lists do; a display rule, not a security boundary:
 * audits/assignments.ts). The statement then binds @userId.
 */
const ASSIGNED_ONLY: Partial<Record<TrashKind, string>> = {
  audit: `AND ${assignedAuditSql('id')}`,
  evidence: `AND ${visibleCaptureSql('audit_id')}`,
};

const itemsSql = (scoped: boolean) =>
  (Object.entries(TABLES) as [TrashKind, string][])
    .map(
      ([kind, table]) =>
        `SELECT '${kind}' AS kind, id, title, deleted_at, updated_by FROM ${table}
       WHERE org_id = @orgId AND deleted_at IS NOT NULL AND deleted_at > @emptiedAt ${scoped ? (ASSIGNED_ONLY[kind] ?? '') : ''}`,
    )
    .join(' UNION ALL ');
const ITEMS_SQL = itemsSql(false);
const ASSIGNED_ITEMS_SQL = itemsSql(true);

interface ItemRow {
  kind: TrashKind;
  id: string;
  title: string;
  deleted_at: string;
  updated_by: string;
}

const toItem = (row: ItemRow): TrashItem => ({
  kind: row.kind,
  id: row.id,
  title: row.title,
  deletedAt: row.deleted_at,
  deletedBy: row.updated_by,
});

export function createTrashService(db: Db, orgId: string, now: () => string) {
  const readEmptied = db.prepare('SELECT value FROM settings WHERE key = ?').pluck();
  const writeEmptied = db.prepare(
    'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  );
  /** The instant up to which deletions are final; '' (before every instant) until the first emptying. */
  const emptiedAt = (): string => {
    const value = readEmptied.get(EMPTIED_KEY) as string | undefined;
    try {
      const parsed: unknown = value === undefined ? '' : JSON.parse(value);
      return typeof parsed === 'string' ? parsed : '';
    } catch {
      return '';
    }
  };
  const items = () => ({ orgId, emptiedAt: emptiedAt() });
  /** `assignedTo`: an auditor's user id (assignments.ts assignmentScope), null for every other role. */
  const scoped = (assignedTo: string | null) =>
    assignedTo === null
      ? { sql: ITEMS_SQL, params: items() }
      : { sql: ASSIGNED_ITEMS_SQL, params: { ...items(), userId: assignedTo } };

  return {
    list(input: z.output<typeof TrashListInput>, assignedTo: string | null = null): z.input<typeof TrashListOutput> {
      const { sql, params } = scoped(assignedTo);
      const total = db.prepare(`SELECT count(*) FROM (${sql})`).pluck().get(params) as number;
      const rows = db
        .prepare(`SELECT * FROM (${sql}) ORDER BY deleted_at DESC, id LIMIT @limit OFFSET @offset`)
        .all({ ...params, limit: input.limit, offset: input.offset }) as ItemRow[];
      return { items: rows.map(toItem), total };
    },

    /**
     * The item as the Trash lists it; NOT_FOUND when it is not in the Trash (live, unknown or
     * emptied), or hidden from the auditor `assignedTo` (answered as unknown).
     */
    get(kind: TrashKind, id: string, assignedTo: string | null = null): TrashItem {
      const { sql, params } = scoped(assignedTo);
      const row = db.prepare(`SELECT * FROM (${sql}) WHERE kind = @kind AND id = @id`).get({ ...params, kind, id }) as
        ItemRow | undefined;
      if (row) return toItem(row);
      const only = assignedTo === null ? '' : (ASSIGNED_ONLY[kind] ?? '');
      const tombstoned = db
        .prepare(`SELECT title FROM ${TABLES[kind]} WHERE id = @id AND org_id = @orgId AND deleted_at IS NOT NULL ${only}`)
        .get({ id, orgId, userId: assignedTo }) as { title: string } | undefined;
      throw new AppError(
        ErrorCode.NotFound,
        tombstoned
          ? `The ${NOUNS[kind]} “${tombstoned.title}” was removed when the Trash was emptied; it can no longer be restored.`
          : `There is no ${NOUNS[kind]} with id ${id} in the Trash.`,
      );
    },

    /** Makes every deletion up to now final; answers how many records left the Trash. */
    empty: db.transaction((): number => {
      const count = db.prepare(`SELECT count(*) FROM (${ITEMS_SQL})`).pluck().get(items()) as number;
      writeEmptied.run(EMPTIED_KEY, JSON.stringify(now()));
      return count;
    }),
  };
}
