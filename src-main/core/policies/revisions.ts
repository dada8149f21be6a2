/**
 * Policy revisions: one row per saved text (title + body + version), each naming the revision
 * it was edited from. A revision's text never changes after it is written; only its approval
 * record (approved_by/at, stamped when the policy is approved) and published_at (stamped when it
 * is published) are added later, so an auditor sees who approved the version in force.
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
  approved_by: string | null;
  approved_at: string | null;
  published_at: string | null;
  approval_comment: string | null;
  /** 1 when saved from an AI draft, else NULL (migration 0022). */
  ai_assisted: number | null;
  created_at: string;
  updated_at: string;
  updated_by: string;
  deleted_at: string | null;
}

const toSummary = (row: Omit<RevisionRow, 'body'> & { created_by: string }): PolicyRevisionSummary => ({
  id: row.id,
  policyId: row.policy_id,
  title: row.title,
  versionMajor: row.version_major,
  versionMinor: row.version_minor,
  baseRevisionId: row.base_revision_id,
  createdAt: row.created_at,
  createdBy: row.created_by,
  approvedBy: row.approved_by,
  approvedAt: row.approved_at,
  publishedAt: row.published_at,
  approvalComment: row.approval_comment,
  aiAssisted: row.ai_assisted === 1,
});

const toRevision = (row: RevisionRow & { created_by: string }): PolicyRevision => ({ ...toSummary(row), body: row.body });

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
  approvedBy?: string | null;
  approvedAt?: string | null;
  publishedAt?: string | null;
  approvalComment?: string | null;
  /** Saved from an AI draft: the revision row (and so its trail event) says so. */
  aiAssisted?: boolean;
}

/** What a revision's approval record gains at approve or publish. */
export interface RevisionStamp {
  approvedBy?: string | null;
  approvedAt?: string | null;
  publishedAt?: string | null;
  approvalComment?: string | null;
}

export function createRevisionStore(db: Db, orgId: string) {
  const rows = syncedTable<RevisionRow>(db, 'policy_revisions');
  // Who saved the text: the author of the revision's create event (a later approval stamp moves
  // updated_by to the approver); a revision pulled without its trail falls back to updated_by.
  const CREATED_BY = `coalesce((SELECT ev.actor FROM audit_events ev WHERE ev.record_table = 'policy_revisions'
    AND ev.record_id = r.id AND ev.action = 'create' ORDER BY ev.seq LIMIT 1), r.updated_by) AS created_by`;
  const selectRow = db.prepare('SELECT * FROM policy_revisions WHERE id = ? AND org_id = ? AND deleted_at IS NULL');
  const selectOne = db.prepare(
    `SELECT r.*, ${CREATED_BY} FROM policy_revisions r WHERE r.id = ? AND r.org_id = ? AND r.deleted_at IS NULL`,
  );
  const count = db.prepare(
    'SELECT count(*) AS n FROM policy_revisions WHERE policy_id = ? AND org_id = ? AND deleted_at IS NULL',
  );
  // rowid breaks ties between revisions saved in the same millisecond.
  const page = db.prepare(
    `SELECT r.id, r.org_id, r.policy_id, r.title, r.version_major, r.version_minor, r.base_revision_id, r.approved_by,
       r.approved_at, r.published_at, r.approval_comment, r.ai_assisted, r.created_at, r.updated_at, r.updated_by, r.deleted_at, ${CREATED_BY}
     FROM policy_revisions r WHERE r.policy_id = ? AND r.org_id = ? AND r.deleted_at IS NULL
     ORDER BY r.created_at DESC, r.rowid DESC LIMIT ? OFFSET ?`,
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
        approved_by: revision.approvedBy ?? null,
        approved_at: revision.approvedAt ?? null,
        published_at: revision.publishedAt ?? null,
        approval_comment: revision.approvalComment ?? null,
        ai_assisted: revision.aiAssisted ? 1 : null,
        created_at: revision.at,
        updated_at: revision.at,
        updated_by: revision.actor,
        deleted_at: null,
      };
      rows.insert(row);
      return row.id;
    },

    /**
     * Adds to a revision's approval record (approve, publish); the text is never touched. Call
     * inside the policy's transaction; writes nothing when the record already says so.
     */
    stamp(id: string, stamp: RevisionStamp, at: string, actor: string): void {
      const before = selectRow.get(id, orgId) as RevisionRow | undefined;
      if (!before) throw new AppError(ErrorCode.NotFound, `No policy revision with id ${id}.`);
      const after: RevisionRow = {
        ...before,
        approved_by: stamp.approvedBy === undefined ? before.approved_by : stamp.approvedBy,
        approved_at: stamp.approvedAt === undefined ? before.approved_at : stamp.approvedAt,
        published_at: stamp.publishedAt === undefined ? before.published_at : stamp.publishedAt,
        approval_comment: stamp.approvalComment === undefined ? before.approval_comment : stamp.approvalComment,
        updated_at: at,
        updated_by: actor,
      };
      rows.updateIfChanged(before, after);
    },

    /** The approval record of a revision (null fields before it is approved or published). */
    approvalOf(id: string): {
      approvedBy: string | null;
      approvedAt: string | null;
      publishedAt: string | null;
      approvalComment: string | null;
    } | null {
      const row = selectRow.get(id, orgId) as RevisionRow | undefined;
      return row
        ? {
            approvedBy: row.approved_by,
            approvedAt: row.approved_at,
            publishedAt: row.published_at,
            approvalComment: row.approval_comment,
          }
        : null;
    },

    get(id: string): PolicyRevision {
      const row = selectOne.get(id, orgId) as (RevisionRow & { created_by: string }) | undefined;
      if (!row) throw new AppError(ErrorCode.NotFound, `No policy revision with id ${id}.`);
      return toRevision(row);
    },

    list(input: z.output<typeof PolicyRevisionsInput>): z.input<typeof PolicyRevisionsOutput> {
      const total = (count.get(input.policyId, orgId) as { n: number }).n;
      const rows = page.all(input.policyId, orgId, input.limit, input.offset) as (Omit<RevisionRow, 'body'> & {
        created_by: string;
      })[];
      return { items: rows.map(toSummary), total };
    },
  };
}

export type RevisionStore = ReturnType<typeof createRevisionStore>;
