/**
 * Policy revisions: one row per saved text (title + body + version), each naming the revision
 * it was edited from. Revisions are never changed after they are written.
 */
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type {
  PolicyRevision,
  PolicyRevisionsInput,
  PolicyRevisionsOutput,
  PolicyRevisionSummary,
} from '../../../src-shared/domain/policy';
import { AppError, ErrorCode } from '../../../src-shared/errors';
import type { Db } from '../db/database';
import { syncedTable } from '../sync/synced-rows';

interface RevisionRow {
  id: string;
  org_id: string;
  policy_id: string;
  title: string;
  body: string;
  version_major: number;
  version_minor: number;
  base_revision_id: string | null;
  created_at: string;
  updated_at: string;
  updated_by: string;
  deleted_at: string | null;
}

const toSummary = (row: Omit<RevisionRow, 'body'>): PolicyRevisionSummary => ({
  id: row.id,
  policyId: row.policy_id,
  title: row.title,
  versionMajor: row.version_major,
  versionMinor: row.version_minor,
  baseRevisionId: row.base_revision_id,
  createdAt: row.created_at,
  createdBy: row.updated_by,
});

const toRevision = (row: RevisionRow): PolicyRevision => ({ ...toSummary(row), body: row.body });

export interface NewRevision {
  /** Given when the policy row must name its revision before the revision exists. */
  id?: string;
  policyId: string;
  title: string;
  body: string;
  versionMajor: number;
  versionMinor: number;
  baseRevisionId: string | null;
  at: string;
  actor: string;
}

export function createRevisionStore(db: Db, orgId: string) {
  const rows = syncedTable<RevisionRow>(db, 'policy_revisions');
  const selectOne = db.prepare('SELECT * FROM policy_revisions WHERE id = ? AND org_id = ? AND deleted_at IS NULL');
  const count = db.prepare(
    'SELECT count(*) AS n FROM policy_revisions WHERE policy_id = ? AND org_id = ? AND deleted_at IS NULL',
  );
  // rowid breaks ties between revisions saved in the same millisecond.
  const page = db.prepare(
    `SELECT id, org_id, policy_id, title, version_major, version_minor, base_revision_id, created_at, updated_at, updated_by, deleted_at
     FROM policy_revisions WHERE policy_id = ? AND org_id = ? AND deleted_at IS NULL
     ORDER BY created_at DESC, rowid DESC LIMIT ? OFFSET ?`,
  );

  return {
    /** Writes a revision and its outbox entry + trail event; call inside the policy's transaction. */
    add(revision: NewRevision): string {
      const row: RevisionRow = {
        id: revision.id ?? randomUUID(),
        org_id: orgId,
        policy_id: revision.policyId,
        title: revision.title,
        body: revision.body,
        version_major: revision.versionMajor,
        version_minor: revision.versionMinor,
        base_revision_id: revision.baseRevisionId,
        created_at: revision.at,
        updated_at: revision.at,
        updated_by: revision.actor,
        deleted_at: null,
      };
      rows.insert(row);
      return row.id;
    },

    get(id: string): PolicyRevision {
      const row = selectOne.get(id, orgId) as RevisionRow | undefined;
      if (!row) throw new AppError(ErrorCode.NotFound, `No policy revision with id ${id}.`);
      return toRevision(row);
    },

    list(input: z.output<typeof PolicyRevisionsInput>): z.input<typeof PolicyRevisionsOutput> {
      const total = (count.get(input.policyId, orgId) as { n: number }).n;
      const rows = page.all(input.policyId, orgId, input.limit, input.offset) as Omit<RevisionRow, 'body'>[];
      return { items: rows.map(toSummary), total };
    },
  };
}

export type RevisionStore = ReturnType<typeof createRevisionStore>;
