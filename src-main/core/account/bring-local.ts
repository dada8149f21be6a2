/**
 * "Bring my local workspace": every record of the local workspace becomes a new change of the
 * open organization, made by the signed-in user. Records get new ids (the same local workspace
 * may be brought into two organizations), references follow them, evidence files are copied
 * (verified by hash on read), and each row goes through the synced-table writer, so it has its
 * outbox entry and trail event like any other change. One transaction: all or nothing.
 *
 * A framework the organization already has (same catalog source) is not copied twice: the local
 * one's controls map onto the organization's controls of the same id.
 */
import { randomUUID } from 'node:crypto';
import type { BringLocalResult } from '../../../src-shared/domain/account';
import { syncedTables } from '../db/migrations';
import type { CoreDeps } from '../deps';
import { createBlobStore } from '../evidence/blob-store';
import { syncedTable, type SyncedRow } from '../sync/synced-rows';

type Row = Record<string, unknown>;

export function bringLocalWorkspace(local: CoreDeps, target: CoreDeps, actor: string): BringLocalResult {
  const at = target.now();
  const ids = new Map<string, string>();
  const rowsByTable = new Map<string, Row[]>();
  for (const table of syncedTables) {
    const rows = local.db.prepare(`SELECT * FROM "${table}" ORDER BY rowid`).all() as Row[];
    rowsByTable.set(table, rows);
    for (const row of rows) ids.set(row.id as string, randomUUID());
  }

  // Frameworks the organization already has keep their rows; their controls map by control id.
  const existingFramework = target.db.prepare('SELECT id FROM frameworks WHERE source_uuid = ? AND deleted_at IS NULL');
  const existingControl = target.db.prepare('SELECT id FROM controls WHERE framework_id = ? AND control_key = ?');
  const merged = new Set<string>();
  for (const framework of rowsByTable.get('frameworks') ?? []) {
    const found = existingFramework.get(framework.source_uuid) as { id: string } | undefined;
    if (!found || framework.deleted_at) continue;
    ids.set(framework.id as string, found.id);
    merged.add(framework.id as string);
    for (const control of (rowsByTable.get('controls') ?? []).filter((c) => c.framework_id === framework.id)) {
      const match = existingControl.get(found.id, control.control_key) as { id: string } | undefined;
      if (match) {
        ids.set(control.id as string, match.id);
        merged.add(control.id as string);
      }
    }
  }

  const remap = (row: Row): Row => {
    const copy: Row = {};
    for (const [column, value] of Object.entries(row)) {
      copy[column] = column !== 'org_id' && typeof value === 'string' && ids.has(value) ? ids.get(value) : value;
    }
    return copy;
  };

  const localBlobs = createBlobStore(local.paths.blobs);
  const targetBlobs = createBlobStore(target.paths.blobs);
  const copied: Record<string, number> = {};
  let files = 0;
  target.db.transaction(() => {
    target.db.pragma('defer_foreign_keys = ON');
    for (const table of syncedTables) {
      const writer = syncedTable<SyncedRow>(target.db, table);
      let count = 0;
      for (const row of rowsByTable.get(table) ?? []) {
        if (merged.has(row.id as string)) continue;
        const next = {
          ...remap(row),
          org_id: target.orgId,
          created_at: at,
          updated_at: at,
          updated_by: actor,
        } as unknown as SyncedRow;
        writer.insert(next);
        count += 1;
      }
      if (count > 0) copied[table] = count;
    }
    for (const evidence of rowsByTable.get('evidence') ?? []) {
      const sha = evidence.sha256;
      if (typeof sha !== 'string' || !localBlobs.has(sha) || targetBlobs.has(sha)) continue;
      targetBlobs.put(localBlobs.read(sha));
      files += 1;
    }
  })();
  for (const table of Object.keys(copied)) target.changed(table, []);
  return { orgId: target.orgId, copied, files };
}
