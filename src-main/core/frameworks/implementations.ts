/**
 * The organization's implementation of a control, shared by every baseline of one catalog
 * (docs/data-model.md, control_implementations): AC-2 marked implemented in MODERATE is
 * implemented in LOW and HIGH too. Owns the row key, the SQL that joins a control to its
 * implementation, the merge of per-framework data written before implementations existed, and
 * the step that gives every live control an implementation (after an import, and at start for
 * rows written by an older version or pulled from an older client).
 */
import { createHash } from 'node:crypto';
import { catalogSource } from '../../../src-shared/domain/catalog-source';
import type { ControlStatus } from '../../../src-shared/domain/framework';
import type { Db } from '../db/database';
import type { CoreDeps } from '../deps';
import { syncedTable } from '../sync/synced-rows';
import type { ControlRow, FrameworkRow } from './import-catalog';

export interface ImplementationRow {
  id: string;
  org_id: string;
  catalog_source: string;
  control_key: string;
  status: ControlStatus;
  justification: string;
  owner: string;
  notes: string;
  /** JSON object: parameter id → the organization's value. */
  param_values: string;
  created_at: string;
  updated_at: string;
  updated_by: string;
  deleted_at: string | null;
}

/**
 * The row id is a name-based UUID (version 5 layout over SHA-256) of org, catalog source and
 * control id: two devices that each create the implementation offline make the same row, and
 * the server merges their edits per field instead of refusing a second row for one key.
 */
export function implementationId(orgId: string, source: string, controlKey: string): string {
  const hex = createHash('sha256').update(`control-implementation\n${orgId}\n${source}\n${controlKey}`).digest('hex');
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * SQL: joins control `c` of framework `f` to its implementation `i`. Columns are read with
 * coalesce(i.x, c.x): a control pulled before its implementation arrives shows its own fields.
 */
export const IMPLEMENTATION_JOIN = /* sql */ `LEFT JOIN control_implementations i
  ON i.org_id = c.org_id AND i.catalog_source = f.catalog_source AND i.control_key = c.control_key
  AND f.catalog_source <> '' AND i.deleted_at IS NULL`;
export const STATUS_SQL = 'coalesce(i.status, c.status)';

/**
 * SQL condition: control `c` of framework `f` has current evidence, linked to it or to the same
 * control of another baseline of the same catalog (evidence is part of the shared implementation).
 */
export const sharedEvidenceExists = (expiredSql: string) => /* sql */ `EXISTS (
  SELECT 1 FROM controls c2
  JOIN frameworks f2 ON f2.id = c2.framework_id AND f2.deleted_at IS NULL
  JOIN evidence_controls ec ON ec.control_id = c2.id AND ec.deleted_at IS NULL
  JOIN evidence e ON e.id = ec.evidence_id AND e.deleted_at IS NULL
  WHERE c2.org_id = c.org_id AND c2.control_key = c.control_key AND c2.deleted_at IS NULL
    AND (c2.id = c.id OR (f.catalog_source <> '' AND f2.catalog_source = f.catalog_source))
    AND NOT ${expiredSql})`;

/** How far along a status is, for merging baselines that disagree: keep the most advanced. */
const ADVANCE: Record<ControlStatus, number> = { not_started: 0, in_progress: 1, not_applicable: 2, implemented: 3 };

export interface PerFrameworkFields {
  status: ControlStatus;
  owner: string;
  notes: string;
  justification: string;
  /** Where these fields were written ("LOW · NIST …"), to label notes kept side by side. */
  framework: string;
}

/**
 * One implementation from the per-framework rows of the same control: the most advanced status
 * (and that row's owner, else the first owner given), and every distinct note and justification
 * kept, each labelled with its framework when there is more than one.
 */
export function mergeFields(rows: readonly PerFrameworkFields[]): Omit<PerFrameworkFields, 'framework'> {
  const best = rows.reduce((a, b) => (ADVANCE[b.status] > ADVANCE[a.status] ? b : a));
  const keepAll = (pick: (r: PerFrameworkFields) => string) => {
    const seen = new Map<string, string>();
    for (const row of rows) {
      const text = pick(row).trim();
      if (text && !seen.has(text)) seen.set(text, row.framework);
    }
    if (seen.size <= 1) return [...seen.keys()][0] ?? '';
    return [...seen].map(([text, framework]) => `From ${framework}:\n${text}`).join('\n\n');
  };
  return {
    status: best.status,
    owner: best.owner.trim() || rows.find((r) => r.owner.trim())?.owner.trim() || '',
    notes: keepAll((r) => r.notes),
    justification: keepAll((r) => r.justification),
  };
}

/** The parameter values of an implementation (a damaged value reads as none set). */
export function parseParamValues(text: string | null | undefined): Record<string, string> {
  try {
    const value = JSON.parse(text ?? '{}') as unknown;
    if (!value || typeof value !== 'object' || Array.isArray(value)) return {};
    return Object.fromEntries(Object.entries(value).filter((e): e is [string, string] => typeof e[1] === 'string'));
  } catch {
    return {};
  }
}

type Deps = Pick<CoreDeps, 'db' | 'orgId' | 'now'>;

/**
 * Gives every live framework its catalog source and every live control an implementation,
 * merging the per-framework fields of controls that had none (the data written before
 * implementations existed). Runs in the caller's transaction when there is one; writes through
 * the synced-table writer, so the result syncs and is in the trail. Idempotent: with nothing to
 * do it writes nothing. Answers how many implementations it created.
 */
export function ensureImplementations({ db, orgId, now }: Deps, actor: string): number {
  return db.transaction(() => {
    if (nothingToEnsure(db, orgId)) return 0;
    const frameworks = syncedTable<FrameworkRow>(db, 'frameworks');
    const implementations = syncedTable<ImplementationRow>(db, 'control_implementations');
    const at = now();
    const unsourced = db
      .prepare(`SELECT * FROM frameworks WHERE org_id = ? AND deleted_at IS NULL AND catalog_source = ''`)
      .all(orgId) as FrameworkRow[];
    for (const row of unsourced) {
      const key = catalogSource(row.title, row.source_uuid).key;
      frameworks.update(row, { ...row, catalog_source: key, updated_at: at, updated_by: actor });
    }

    const orphans = db
      .prepare(
        `SELECT c.*, f.catalog_source AS f_source, f.title AS f_title, f.source_uuid AS f_uuid
         FROM controls c JOIN frameworks f ON f.id = c.framework_id AND f.deleted_at IS NULL
         WHERE c.org_id = @orgId AND c.deleted_at IS NULL
           AND NOT EXISTS (SELECT 1 FROM control_implementations i WHERE i.org_id = c.org_id
             AND i.catalog_source = f.catalog_source AND i.control_key = c.control_key AND i.deleted_at IS NULL)
         ORDER BY f.created_at, f.title, f.id, c.sort_key`,
      )
      .all({ orgId }) as (ControlRow & { f_source: string; f_title: string; f_uuid: string })[];
    const groups = new Map<string, typeof orphans>();
    for (const row of orphans) {
      const key = `${row.f_source}\n${row.control_key}`;
      groups.set(key, [...(groups.get(key) ?? []), row]);
    }
    for (const rows of groups.values()) {
      const first = rows[0]!;
      const merged = mergeFields(
        rows.map((r) => ({
          status: r.status,
          owner: r.owner,
          notes: r.notes,
          justification: r.justification,
          framework: catalogSource(r.f_title, r.f_uuid).baseline || r.f_title,
        })),
      );
      const id = implementationId(orgId, first.f_source, first.control_key);
      // A tombstoned row with the same key keeps its id: bring it back rather than clash.
      const dead = db.prepare('SELECT * FROM control_implementations WHERE id = ?').get(id) as ImplementationRow | undefined;
      if (dead) {
        implementations.update(dead, { ...dead, ...merged, deleted_at: null, updated_at: at, updated_by: actor });
        continue;
      }
      implementations.insert({
        id,
        org_id: orgId,
        catalog_source: first.f_source,
        control_key: first.control_key,
        ...merged,
        param_values: '{}',
        created_at: at,
        updated_at: at,
        updated_by: actor,
        deleted_at: null,
      });
    }
    return groups.size;
  })();
}

/**
 * True when no live control can lack its implementation, read from two key indexes: every key
 * of each live framework's controls (tombstoned ones too, a superset) has a live implementation
 * of the framework's catalog. It runs at every start, where the join below, reading every
 * control row, was most of what 2,000 controls cost; this takes about a third of that. False
 * (a framework without a source, a key without an implementation) leaves the answer to the join.
 */
function nothingToEnsure(db: Db, orgId: string): boolean {
  const frameworks = db.prepare('SELECT id, catalog_source FROM frameworks WHERE deleted_at IS NULL').all() as {
    id: string;
    catalog_source: string;
  }[];
  const keyWithout = db
    .prepare(
      `SELECT EXISTS (SELECT 1 FROM controls WHERE framework_id = ? AND control_key NOT IN (
         SELECT control_key FROM control_implementations WHERE org_id = ? AND catalog_source = ? AND deleted_at IS NULL))`,
    )
    .pluck();
  return frameworks.every((f) => f.catalog_source !== '' && keyWithout.get(f.id, orgId, f.catalog_source) === 0);
}

/** The implementation of one control (by its framework's source and its key), if any. */
export function implementationOf(db: Db, orgId: string, source: string, controlKey: string): ImplementationRow | undefined {
  return db
    .prepare(
      'SELECT * FROM control_implementations WHERE org_id = ? AND catalog_source = ? AND control_key = ? AND deleted_at IS NULL',
    )
    .get(orgId, source, controlKey) as ImplementationRow | undefined;
}
