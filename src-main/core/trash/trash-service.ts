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

const ITEMS_SQL = (Object.entries(TABLES) as [TrashKind, string][])
  .map(
    ([kind, table]) =>
      `SELECT '${kind}' AS kind, id, title, deleted_at, updated_by FROM ${table}
       WHERE org_id = @orgId AND deleted_at IS NOT NULL AND deleted_at > @emptiedAt`,
  )
  .join(' UNION ALL ');

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

  return {
    list(input: z.output<typeof TrashListInput>): z.input<typeof TrashListOutput> {
      const total = db.prepare(`SELECT count(*) FROM (${ITEMS_SQL})`).pluck().get(items()) as number;
      const rows = db
        .prepare(`SELECT * FROM (${ITEMS_SQL}) ORDER BY deleted_at DESC, id LIMIT @limit OFFSET @offset`)
        .all({ ...items(), limit: input.limit, offset: input.offset }) as ItemRow[];
      return { items: rows.map(toItem), total };
    },

    /** The item as the Trash lists it; NOT_FOUND when it is not in the Trash (live, unknown or emptied). */
    get(kind: TrashKind, id: string): TrashItem {
      const row = db.prepare(`SELECT * FROM (${ITEMS_SQL}) WHERE kind = @kind AND id = @id`).get({ ...items(), kind, id }) as
        ItemRow | undefined;
      if (row) return toItem(row);
      const tombstoned = db
        .prepare(`SELECT title FROM ${TABLES[kind]} WHERE id = ? AND org_id = ? AND deleted_at IS NOT NULL`)
        .get(id, orgId) as { title: string } | undefined;
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
