/**
 * Insert and update of synced rows for the audits feature, each paired with recordChange so the
 * outbox entry and the audit-trail event land in the caller's transaction. Column names come
 * from this feature's own row objects, never from input.
 */
import type { Db } from '../db/database';
import { recordChange, type Row } from '../sync/changes';

export interface SyncedRow {
  id: string;
  org_id: string;
  created_at: string;
  updated_at: string;
  updated_by: string;
  deleted_at: string | null;
}

export function insertSynced<T extends SyncedRow>(db: Db, table: string, row: T): void {
  const columns = Object.keys(row);
  db.prepare(`INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})`).run(row);
  recordChange(db, {
    table,
    recordId: row.id,
    orgId: row.org_id,
    actor: row.updated_by,
    at: row.updated_at,
    before: null,
    after: row as unknown as Row,
    op: 'insert',
  });
}

const BOOKKEEPING = new Set(['updated_at', 'updated_by', 'created_at']);

/** Writes the row if anything but bookkeeping changed; answers whether it wrote. */
export function updateSynced<T extends SyncedRow>(
  db: Db,
  table: string,
  before: T,
  after: T,
  op: 'update' | 'delete' = 'update',
): boolean {
  const b = before as unknown as Row;
  const a = after as unknown as Row;
  if (!Object.keys(a).some((key) => !BOOKKEEPING.has(key) && a[key] !== b[key])) return false;
  const columns = Object.keys(after).filter((c) => c !== 'id' && c !== 'org_id' && c !== 'created_at');
  db.prepare(`UPDATE ${table} SET ${columns.map((c) => `${c} = @${c}`).join(', ')} WHERE id = @id`).run(after);
  recordChange(db, {
    table,
    recordId: after.id,
    orgId: after.org_id,
    actor: after.updated_by,
    at: after.updated_at,
    before: before as unknown as Row,
    after: after as unknown as Row,
    op,
  });
  return true;
}
