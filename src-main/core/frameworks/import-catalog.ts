/**
 * Imports an OSCAL catalog (or resolved profile catalog) into the replica, in one transaction.
 *
 * - Validated first (oscal/schema.ts): a malformed file is refused with the JSON path of the
 *   problem and nothing is written.
 * - Keyed by (org, catalog uuid): importing the same catalog again updates only catalog text
 *   that changed (title, statement, guidance, parameters, order) and never touches the
 *   organization's status, owner, notes or justification. An identical second import writes
 *   nothing at all: no row, no outbox entry, no trail event.
 * - Every control object counts, enhancements (nested controls) included. Withdrawn controls
 *   (prop status=withdrawn) are imported too, so the count is the catalog's, with a statement
 *   saying they are withdrawn; when first imported they are marked not applicable with the
 *   justification "Withdrawn from the catalog." so they do not lower readiness.
 * - The organization's fields live in the control's implementation, shared by every baseline
 *   of the same catalog (implementations.ts): a new control adopts the existing one, or gets a
 *   fresh one (withdrawn: not applicable).
 * - Every inserted or updated row goes through the synced-table writer (row + outbox entry +
 *   hash-chained trail event) in the same transaction.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { existsSync } from 'node:fs';
import { AppError, ErrorCode } from '../../../src-shared/errors';
import type { CoreDeps } from '../deps';
import { catalogSource } from '../../../src-shared/domain/catalog-source';
import { syncedTable } from '../sync/synced-rows';
import { ensureImplementations } from './implementations';
import { describeIssue } from '../router/describe-issues';
import { jsonPath, OscalCatalogDocument } from './oscal/schema';
import { walkCatalog, type WalkedControl } from './oscal/walker';

export const MAX_CATALOG_CONTROLS = 20_000;
const PROGRESS_EVERY = 200;
export const WITHDRAWN_JUSTIFICATION = 'Withdrawn from the catalog.';

export interface FrameworkRow {
  id: string;
  org_id: string;
  title: string;
  version: string;
  source_uuid: string;
  source_name: string;
  oscal_version: string;
  /** Shared by the baselines of one catalog (src-shared/domain/catalog-source.ts). */
  catalog_source: string;
  archived_at: string | null;
  created_at: string;
  updated_at: string;
  updated_by: string;
  deleted_at: string | null;
}

export interface ControlRow {
  id: string;
  org_id: string;
  framework_id: string;
  parent_id: string | null;
  control_key: string;
  label: string;
  title: string;
  group_title: string;
  statement: string;
  guidance: string;
  params: string;
  sort_key: string;
  status: 'not_started' | 'in_progress' | 'implemented' | 'not_applicable';
  justification: string;
  owner: string;
  notes: string;
  statement_template: string;
  created_at: string;
  updated_at: string;
  updated_by: string;
  deleted_at: string | null;
}

/** Catalog-owned columns: the only ones a re-import may change. */
const CATALOG_COLUMNS = [
  'parent_id',
  'label',
  'title',
  'group_title',
  'statement',
  'statement_template',
  'guidance',
  'params',
  'sort_key',
] as const;

export interface ImportOptions {
  sourceName: string;
  actor: string;
  jobId?: string;
}

export interface ImportOutcome {
  frameworkId: string;
  controls: number;
  created: boolean;
}

/** Real catalogs nest a few levels; the schema and walker recurse, so depth is bounded first. */
export const MAX_JSON_DEPTH = 64;

function checkDepth(json: unknown): void {
  const stack: [unknown, number][] = [[json, 0]];
  while (stack.length > 0) {
    const [value, depth] = stack.pop()!;
    if (value === null || typeof value !== 'object') continue;
    if (depth > MAX_JSON_DEPTH) {
      throw new AppError(ErrorCode.InvalidInput, `Not a valid OSCAL catalog: nesting deeper than ${MAX_JSON_DEPTH} levels`);
    }
    for (const child of Object.values(value)) stack.push([child, depth + 1]);
  }
}

/** A key of the file as its author wrote it: “id”, or “the document” for the whole file. */
const fileField = (path: readonly PropertyKey[]) => {
  const key = [...path].reverse().find((segment) => typeof segment === 'string');
  return key === undefined ? 'The document' : `The “${key}” field`;
};

/** Validates the document and flattens it, or throws INVALID_INPUT naming the JSON path. */
export function parseCatalog(json: unknown): { doc: OscalCatalogDocument; controls: WalkedControl[] } {
  checkDepth(json);
  const parsed = OscalCatalogDocument.safeParse(json);
  if (!parsed.success) {
    // The problem in words, then where it is in the file (for whoever fixes the file).
    const issues = parsed.error.issues;
    const first = issues[0]!;
    const more =
      issues.length > 1 ? ` There ${issues.length === 2 ? 'is 1 more problem' : `are ${issues.length - 1} more problems`}.` : '';
    throw new AppError(
      ErrorCode.InvalidInput,
      `Not a valid OSCAL catalog: ${describeIssue(first, fileField(first.path)).replace(/\.$/, '')} (at ${jsonPath(first.path)}).${more}`,
    );
  }
  const controls = walkCatalog(parsed.data);
  if (controls.length === 0) throw new AppError(ErrorCode.InvalidInput, 'Not a valid OSCAL catalog: it has no controls.');
  if (controls.length > MAX_CATALOG_CONTROLS) {
    throw new AppError(
      ErrorCode.InvalidInput,
      `This catalog has ${controls.length.toLocaleString('en-US')} controls; a catalog may have at most ${MAX_CATALOG_CONTROLS.toLocaleString('en-US')}.`,
    );
  }
  const seen = new Set<string>();
  for (const control of controls) {
    if (seen.has(control.key)) {
      throw new AppError(
        ErrorCode.InvalidInput,
        `Not a valid OSCAL catalog: ${control.path}.id: duplicate control id "${control.key}"`,
      );
    }
    seen.add(control.key);
  }
  return { doc: parsed.data, controls };
}

export function importCatalog(
  deps: Pick<CoreDeps, 'db' | 'orgId' | 'now' | 'emit'>,
  json: unknown,
  options: ImportOptions,
): ImportOutcome {
  const { db, orgId, emit } = deps;
  const { doc, controls } = parseCatalog(json);
  const meta = doc.catalog.metadata;
  const jobId = options.jobId ?? randomUUID();
  const label = `Importing ${meta.title}`;
  const total = controls.length;
  const at = deps.now();
  const actor = options.actor;
  emit('job.progress', { jobId, label, done: 0, total });

  const frameworks = syncedTable<FrameworkRow>(db, 'frameworks');
  const controlRows = syncedTable<ControlRow>(db, 'controls');

  const run = db.transaction((): ImportOutcome => {
    let framework = db
      .prepare('SELECT * FROM frameworks WHERE org_id = ? AND source_uuid = ? AND deleted_at IS NULL')
      .get(orgId, doc.catalog.uuid) as FrameworkRow | undefined;
    const created = framework === undefined;
    if (!framework) {
      framework = {
        id: randomUUID(),
        org_id: orgId,
        title: meta.title,
        version: meta.version,
        source_uuid: doc.catalog.uuid,
        source_name: options.sourceName,
        oscal_version: meta['oscal-version'],
        catalog_source: catalogSource(meta.title, doc.catalog.uuid).key,
        archived_at: null,
        created_at: at,
        updated_at: at,
        updated_by: actor,
        deleted_at: null,
      };
      frameworks.insert(framework);
    } else if (
      framework.title !== meta.title ||
      framework.version !== meta.version ||
      framework.oscal_version !== meta['oscal-version']
    ) {
      // The source name is how the user first named it; a renamed file is not a change.
      const after: FrameworkRow = {
        ...framework,
        title: meta.title,
        version: meta.version,
        oscal_version: meta['oscal-version'],
        updated_at: at,
        updated_by: actor,
      };
      frameworks.update(framework, after);
      framework = after;
    }
    const frameworkId = framework.id;

    const existing = new Map<string, ControlRow>();
    for (const row of db
      .prepare('SELECT * FROM controls WHERE framework_id = ?')
      .iterate(frameworkId) as IterableIterator<ControlRow>) {
      existing.set(row.control_key, row);
    }
    const idOf = new Map<string, string>();

    controls.forEach((control, index) => {
      const parentId = control.parentKey === null ? null : (idOf.get(control.parentKey) ?? null);
      const catalog = {
        parent_id: parentId,
        label: control.label,
        title: control.title,
        group_title: control.groupTitle,
        statement: control.statement,
        statement_template: control.statementTemplate,
        guidance: control.guidance,
        params: JSON.stringify(control.params),
        sort_key: control.sortKey,
      };
      const before = existing.get(control.key);
      if (before) {
        idOf.set(control.key, before.id);
        if (CATALOG_COLUMNS.some((column) => before[column] !== catalog[column])) {
          const after: ControlRow = { ...before, ...catalog, updated_at: at, updated_by: actor };
          controlRows.update(before, after);
        }
      } else {
        const row: ControlRow = {
          id: randomUUID(),
          org_id: orgId,
          framework_id: frameworkId,
          control_key: control.key,
          ...catalog,
          status: control.withdrawn ? 'not_applicable' : 'not_started',
          justification: control.withdrawn ? WITHDRAWN_JUSTIFICATION : '',
          owner: '',
          notes: '',
          created_at: at,
          updated_at: at,
          updated_by: actor,
          deleted_at: null,
        };
        idOf.set(control.key, row.id);
        controlRows.insert(row);
      }
      const done = index + 1;
      if (done % PROGRESS_EVERY === 0 && done < total) emit('job.progress', { jobId, label, done, total });
    });
    // New controls adopt the implementation their catalog's other baselines already have.
    ensureImplementations(deps, actor);
    return { frameworkId, controls: total, created };
  });

  const outcome = run();
  emit('job.progress', { jobId, label, done: total, total });
  return outcome;
}

/**
 * Where the shipped catalogs are: COMPLYFLOW_RESOURCES/frameworks when set; in a packaged app
 * process.resourcesPath/frameworks; in development <repo>/resources/frameworks.
 */
export function shippedFrameworksDir(): string {
  const override = process.env.COMPLYFLOW_RESOURCES;
  if (override) return path.join(override, 'frameworks');
  const resourcesPath = (process as { resourcesPath?: string }).resourcesPath;
  if (resourcesPath && existsSync(path.join(resourcesPath, 'frameworks'))) return path.join(resourcesPath, 'frameworks');
  // Development and tests: walk up from this file (or the bundle in dist/main) to the repo.
  const starts = [typeof __dirname === 'string' ? __dirname : '', process.cwd()].filter(Boolean);
  for (const start of starts) {
    let dir = start;
    for (let i = 0; i < 8; i++) {
      const candidate = path.join(dir, 'resources', 'frameworks');
      if (existsSync(candidate)) return candidate;
      const up = path.dirname(dir);
      if (up === dir) break;
      dir = up;
    }
  }
  return path.join(process.cwd(), 'resources', 'frameworks');
}
