/**
 * Frameworks in the replica: list with readiness, get, import (shipped baseline or a picked
 * file), and tombstone with their controls.
 */
import type { z } from 'zod';
import type {
  Framework,
  FrameworkListInput,
  FrameworkListOutput,
  ShippedFramework,
  ShippedFrameworkName,
} from '../../../src-shared/domain/framework';
import { catalogSource, frameworkShortName } from '../../../src-shared/domain/catalog-source';
import { AppError, ErrorCode } from '../../../src-shared/errors';
import type { CoreDeps } from '../deps';
import { syncedTable } from '../sync/synced-rows';
import { importCatalog, type ControlRow, type FrameworkRow, type ImportOutcome } from './import-catalog';
import { frameworkReadiness } from './readiness';
import { readShipped, SHIPPED, shippedSummary } from './shipped';

const toFramework = (row: FrameworkRow): Framework => ({
  id: row.id,
  title: row.title,
  version: row.version,
  sourceUuid: row.source_uuid,
  sourceName: row.source_name,
  oscalVersion: row.oscal_version,
  baseline: catalogSource(row.title, row.source_uuid).baseline,
  shortName: frameworkShortName(row.title, row.source_uuid),
  archivedAt: row.archived_at,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
  updatedBy: row.updated_by,
});

export function createFrameworksService(deps: Pick<CoreDeps, 'db' | 'orgId' | 'now' | 'emit'>) {
  const { db, orgId, now } = deps;
  const frameworks = syncedTable<FrameworkRow>(db, 'frameworks');
  const controlRows = syncedTable<ControlRow>(db, 'controls');
  const today = () => now().slice(0, 10);

  const getRow = (id: string): FrameworkRow => {
    const row = db.prepare('SELECT * FROM frameworks WHERE id = ? AND org_id = ? AND deleted_at IS NULL').get(id, orgId) as
      FrameworkRow | undefined;
    if (!row) throw new AppError(ErrorCode.NotFound, `No framework with id ${id}.`);
    return row;
  };

  return {
    get: (id: string): Framework => toFramework(getRow(id)),

    list(input: z.output<typeof FrameworkListInput>): z.input<typeof FrameworkListOutput> {
      const counts = db
        .prepare(
          `SELECT count(*) AS total, coalesce(sum(archived_at IS NOT NULL), 0) AS archived
           FROM frameworks WHERE org_id = ? AND deleted_at IS NULL`,
        )
        .get(orgId) as { total: number; archived: number };
      const shown = input.includeArchived ? '' : 'AND archived_at IS NULL';
      const rows = db
        .prepare(
          `SELECT * FROM frameworks WHERE org_id = ? AND deleted_at IS NULL ${shown} ORDER BY created_at, id LIMIT ? OFFSET ?`,
        )
        .all(orgId, input.limit, input.offset) as FrameworkRow[];
      const figures = new Map(frameworkReadiness(db, orgId, today(), null, input.includeArchived).map((r) => [r.frameworkId, r]));
      return {
        archived: counts.archived,
        items: rows.map((row) => {
          const r = figures.get(row.id);
          return {
            ...toFramework(row),
            controls: r?.controls ?? 0,
            applicable: r?.applicable ?? 0,
            implemented: r?.implemented ?? 0,
            ready: r?.ready ?? 0,
            readiness: r?.readiness ?? 0,
          };
        }),
        total: input.includeArchived ? counts.total : counts.total - counts.archived,
      };
    },

    /** Archives (kept, hidden from the list and the dashboard) or restores; asks nothing twice. */
    archive: db.transaction((id: string, archived: boolean, actor: string): Framework => {
      const before = getRow(id);
      if ((before.archived_at !== null) === archived) return toFramework(before);
      const at = now();
      const after: FrameworkRow = { ...before, archived_at: archived ? at : null, updated_at: at, updated_by: actor };
      frameworks.update(before, after);
      return toFramework(after);
    }),

    listShipped(): ShippedFramework[] {
      const live = db.prepare('SELECT id FROM frameworks WHERE org_id = ? AND source_uuid = ? AND deleted_at IS NULL');
      return SHIPPED.map((entry) => {
        const summary = shippedSummary(entry.name);
        const imported = summary.uuid ? (live.get(orgId, summary.uuid) as { id: string } | undefined) : undefined;
        return { ...entry, controls: summary.controls, importedFrameworkId: imported?.id ?? null };
      });
    },

    importShipped(name: ShippedFrameworkName, actor: string, jobId?: string): ImportOutcome {
      const entry = SHIPPED.find((s) => s.name === name)!;
      return importCatalog(deps, readShipped(name), { sourceName: entry.title, actor, jobId });
    },

    importFile(fileName: string, content: string, actor: string, jobId?: string): ImportOutcome {
      let json: unknown;
      try {
        json = JSON.parse(content.charCodeAt(0) === 0xfeff ? content.slice(1) : content);
      } catch (error) {
        throw new AppError(
          ErrorCode.InvalidInput,
          `Not a valid OSCAL catalog: (the document): the file is not JSON (${(error as Error).message})`,
        );
      }
      return importCatalog(deps, json, { sourceName: fileName || 'Imported catalog', actor, jobId });
    },

    /**
     * Undo of delete (from the Trash): the framework and the controls deleted with it (same
     * tombstone time) come back; returns the control ids. Refused while the same catalog is
     * imported again, so a catalog is never in the list twice.
     */
    restore: db.transaction((id: string, actor: string): string[] => {
      const before = db
        .prepare('SELECT * FROM frameworks WHERE id = ? AND org_id = ? AND deleted_at IS NOT NULL')
        .get(id, orgId) as FrameworkRow | undefined;
      if (!before) throw new AppError(ErrorCode.NotFound, `No deleted framework with id ${id}.`);
      const again = db
        .prepare('SELECT title FROM frameworks WHERE org_id = ? AND source_uuid = ? AND deleted_at IS NULL')
        .get(orgId, before.source_uuid) as { title: string } | undefined;
      if (again) {
        throw new AppError(
          ErrorCode.Conflict,
          `“${before.title}” cannot be restored: the same catalog was imported again as “${again.title}”. Delete that one first to bring this one back.`,
        );
      }
      const at = now();
      frameworks.update(before, { ...before, deleted_at: null, updated_at: at, updated_by: actor });
      const controls = db
        .prepare('SELECT * FROM controls WHERE framework_id = ? AND org_id = ? AND deleted_at = ?')
        .all(id, orgId, before.deleted_at) as ControlRow[];
      for (const control of controls) {
        controlRows.update(control, { ...control, deleted_at: null, updated_at: at, updated_by: actor });
      }
      return controls.map((c) => c.id);
    }),

    /** Tombstones the framework and every live control of it; returns the control ids. */
    delete: db.transaction((id: string, actor: string): string[] => {
      const before = getRow(id);
      const at = now();
      frameworks.update(before, { ...before, deleted_at: at, updated_at: at, updated_by: actor }, 'delete');
      const controls = db.prepare('SELECT * FROM controls WHERE framework_id = ? AND deleted_at IS NULL').all(id) as ControlRow[];
      for (const control of controls) {
        controlRows.update(control, { ...control, deleted_at: at, updated_at: at, updated_by: actor }, 'delete');
      }
      return controls.map((c) => c.id);
    }),
  };
}
