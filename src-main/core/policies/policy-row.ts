/**
 * The policies table as SQLite holds it, and its mapping to the API's Policy. The one place
 * that knows the column names, so the service files stay about behaviour.
 */
import type { Policy } from '../../../src-shared/domain/policy';
import { AppError, ErrorCode } from '../../../src-shared/errors';
import type { Db } from '../db/database';
import { syncedTable, type SyncedTable } from '../sync/synced-rows';

export interface PolicyRow {
  id: string;
  org_id: string;
  title: string;
  body: string;
  status: Policy['status'];
  owner: string;
  next_review_date: string | null;
  approved_by: string | null;
  approved_at: string | null;
  /** The approver's comment; not in the list's columns (it is stored after the body). */
  approval_comment: string | null;
  current_revision_id: string | null;
  published_revision_id: string | null;
  version_major: number;
  version_minor: number;
  created_at: string;
  updated_at: string;
  updated_by: string;
  deleted_at: string | null;
  /** Who made the last material edit of the text (the one who may not approve it); null if unknown. */
  edited_by: string | null;
}

/** Every column but the body: what a list page selects. */
export const SUMMARY_COLUMNS = [
  'id',
  'org_id',
  'title',
  'status',
  'owner',
  'next_review_date',
  'approved_by',
  'approved_at',
  'current_revision_id',
  'published_revision_id',
  'version_major',
  'version_minor',
  'created_at',
  'updated_at',
  'updated_by',
] as const;

/** Today's date (UTC) from the core's clock, as YYYY-MM-DD. */
export const todayOf = (now: () => string): string => now().slice(0, 10);

export const isOverdue = (nextReviewDate: string | null, today: string): boolean =>
  nextReviewDate !== null && nextReviewDate < today;

export function toSummaryFields(
  row: Omit<PolicyRow, 'body' | 'deleted_at' | 'approval_comment' | 'edited_by'>,
  today: string,
): Omit<Policy, 'body' | 'approvalComment' | 'editedBy'> {
  return {
    id: row.id,
    orgId: row.org_id,
    title: row.title,
    status: row.status,
    owner: row.owner,
    nextReviewDate: row.next_review_date,
    overdue: isOverdue(row.next_review_date, today),
    approvedBy: row.approved_by,
    approvedAt: row.approved_at,
    versionMajor: row.version_major,
    versionMinor: row.version_minor,
    currentRevisionId: row.current_revision_id,
    publishedRevisionId: row.published_revision_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    updatedBy: row.updated_by,
  };
}

export const toPolicy = (row: PolicyRow, today: string): Policy => ({
  ...toSummaryFields(row, today),
  body: row.body,
  approvalComment: row.approval_comment,
  editedBy: row.edited_by,
});

export const versionLabel = (major: number, minor: number) => `v${major}.${minor}`;

/** Reads of live and deleted policies, and the synced writer of the policies table. */
export interface PolicyStore extends SyncedTable<PolicyRow> {
  getRow(id: string): PolicyRow;
  getDeletedRow(id: string): PolicyRow;
}

export function createPolicyStore(db: Db, orgId: string): PolicyStore {
  const selectLive = db.prepare('SELECT * FROM policies WHERE id = ? AND org_id = ? AND deleted_at IS NULL');
  const selectDeleted = db.prepare('SELECT * FROM policies WHERE id = ? AND org_id = ? AND deleted_at IS NOT NULL');
  return {
    ...syncedTable<PolicyRow>(db, 'policies'),
    getRow(id) {
      const row = selectLive.get(id, orgId) as PolicyRow | undefined;
      if (!row) throw new AppError(ErrorCode.NotFound, `No policy with id ${id}.`);
      return row;
    },
    getDeletedRow(id) {
      const row = selectDeleted.get(id, orgId) as PolicyRow | undefined;
      if (!row) throw new AppError(ErrorCode.NotFound, `No deleted policy with id ${id}.`);
      return row;
    },
  };
}
