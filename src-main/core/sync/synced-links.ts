/**
 * Link rows between a record and a control (policy_controls, evidence_controls, audit_scope).
 * Unlinking tombstones the row; linking the same pair again revives it, so a pair keeps one id
 * across devices: its id is made from the pair itself (stable-id.ts). Written through the table's synced writer, so every change is recorded.
 */
import type { Statement } from 'better-sqlite3';
import type { Db } from '../db/database';
import { perDatabase } from './per-database';
import { linkId } from './stable-id';
import { syncedTable, type SyncedRow, type SyncedTable } from './synced-rows';

/** Each link table and the column naming the record it links from. */
const LINK_FROM = {
  policy_controls: 'policy_id',
  evidence_controls: 'evidence_id',
  audit_scope: 'audit_id',
} as const;

export type LinkTable = keyof typeof LINK_FROM;

/** Who links, for which organization, and when. */
export interface LinkStamp {
  orgId: string;
  actor: string;
  /** The time of the write, or the clock to read only if something is written. */
  at: string | (() => string);
}

const timeOf = (at: LinkStamp['at']) => (typeof at === 'string' ? at : at());

export interface SyncedLinks {
  /** Inserts the pair, or revives its tombstone; `changed` is false when it was already linked. */
  link(fromId: string, controlId: string, stamp: LinkStamp): { id: string; changed: boolean };
  /**
   * Tombstones a live pair; `changed` is false when it was not linked. `id` is the pair's row,
   * live or tombstoned, or null when the pair was never linked.
   */
  unlink(fromId: string, controlId: string, stamp: LinkStamp): { id: string | null; changed: boolean };
}

type LinkRow = SyncedRow & Record<string, string | null>;

/** The link helper for one link table of this database (made on first use, then reused). */
export const syncedLinks: (db: Db, table: LinkTable) => SyncedLinks = perDatabase(createLinks);

function createLinks(db: Db, table: LinkTable): SyncedLinks {
  const from = LINK_FROM[table];
  const rows: SyncedTable<LinkRow> = syncedTable(db, table);
  if (!rows.columns.includes(from) || !rows.columns.includes('control_id')) {
    throw new Error(`${table} has no ${from} and control_id columns.`);
  }
  const select: Statement<[string, string, string]> = db.prepare(
    `SELECT * FROM ${table} WHERE ${from} = ? AND control_id = ? AND org_id = ?`,
  );
  const find = (fromId: string, controlId: string, orgId: string) => select.get(fromId, controlId, orgId) as LinkRow | undefined;

  return {
    link(fromId, controlId, { orgId, actor, at: when }) {
      const existing = find(fromId, controlId, orgId);
      if (existing && existing.deleted_at === null) return { id: existing.id, changed: false };
      const at = timeOf(when);
      if (existing) {
        rows.update(existing, { ...existing, deleted_at: null, updated_at: at, updated_by: actor });
        return { id: existing.id, changed: true };
      }
      const row = {
        // Made from the pair: the same link made on two devices is one row (issue 8, item 5).
        id: linkId(table, orgId, fromId, controlId),
        org_id: orgId,
        [from]: fromId,
        control_id: controlId,
        created_at: at,
        updated_at: at,
        updated_by: actor,
        deleted_at: null,
      } as LinkRow;
      rows.insert(row);
      return { id: row.id, changed: true };
    },

    unlink(fromId, controlId, { orgId, actor, at: when }) {
      const existing = find(fromId, controlId, orgId);
      if (!existing || existing.deleted_at !== null) return { id: existing?.id ?? null, changed: false };
      const at = timeOf(when);
      rows.update(existing, { ...existing, deleted_at: at, updated_at: at, updated_by: actor }, 'delete');
      return { id: existing.id, changed: true };
    },
  };
}
