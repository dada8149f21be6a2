/**
 * Policies in the replica: create, edit (every text change is a revision), the approval
 * workflow, list with filters and full-text search, tombstone on delete. Every change goes
 * through recordChange, so it lands in the outbox and the audit trail in the same transaction.
 */
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type {
  Policy,
  PolicyCreateInput,
  PolicyDiff,
  PolicyListInput,
  PolicyListOutput,
  PolicyRevision,
  PolicyUpdateInput,
} from '../../../src-shared/domain/policy';
import { AppError, ErrorCode } from '../../../src-shared/errors';
import type { Db } from '../db/database';
import { toFtsQuery } from '../search/fts-query';
import { changedSpan, lineDiff } from './policy-diff';
import { createPolicyStore, SUMMARY_COLUMNS, todayOf, toPolicy, toSummaryFields, type PolicyRow } from './policy-row';
import { createRevisionStore } from './revisions';
import { createWorkflow } from './workflow';

/** The version in force ("1.0") of list row p, or null before the first publish. */
const PUBLISHED_VERSION = `(SELECT r.version_major || '.' || r.version_minor FROM policy_revisions r
  WHERE r.id = p.published_revision_id AND r.deleted_at IS NULL)`;

export interface ServiceContext {
  db: Db;
  orgId: string;
  now: () => string;
  /** The organization lets members approve their own edits (always in the local workspace). */
  allowSelfApproval?: () => boolean;
}

export interface UpdateOptions {
  aiAssisted?: boolean;
}

/** A brand-new policy is the draft of version 1.0. */
const FIRST_VERSION = { major: 1, minor: 0 };

/**
 * A minor fix (typo) keeps the approval, so it may not rewrite what was approved: the title stays
 * and at most this many characters of the body differ (after the common prefix and suffix).
 */
export const MINOR_FIX_MAX_CHARS = 200;
const MINOR_FIX_REFUSAL = `A minor fix may change at most ${MINOR_FIX_MAX_CHARS} characters and not the title; save it as a material change.`;

export function createPoliciesService({ db, orgId, now, allowSelfApproval = () => true }: ServiceContext) {
  const store = createPolicyStore(db, orgId);
  const revisions = createRevisionStore(db, orgId);
  const workflow = createWorkflow({ db, store, revisions, now, allowSelfApproval });
  const out = (row: PolicyRow) => toPolicy(row, todayOf(now));

  return {
    ...workflow,

    get(id: string): Policy {
      return out(store.getRow(id));
    },

    create: db.transaction((input: z.output<typeof PolicyCreateInput>, actor: string): Policy => {
      const at = now();
      const id = randomUUID();
      const revisionId = randomUUID();
      const row: PolicyRow = {
        id,
        org_id: orgId,
        title: input.title,
        body: input.body,
        status: 'draft',
        owner: input.owner,
        next_review_date: input.nextReviewDate,
        approved_by: null,
        approved_at: null,
        approval_comment: null,
        current_revision_id: revisionId,
        published_revision_id: null,
        version_major: FIRST_VERSION.major,
        version_minor: FIRST_VERSION.minor,
        created_at: at,
        updated_at: at,
        updated_by: actor,
        deleted_at: null,
        edited_by: actor,
      };
      // The policy row goes first: its first revision references it.
      store.insert(row);
      revisions.add({
        id: revisionId,
        policyId: id,
        title: row.title,
        body: row.body,
        versionMajor: row.version_major,
        versionMinor: row.version_minor,
        baseRevisionId: null,
        at,
        actor,
      });
      return out(row);
    }),

    /** `aiAssisted`: the new text comes from an AI draft the person accepted (aiDraft.save). */
    update: db.transaction((input: z.output<typeof PolicyUpdateInput>, actor: string, options: UpdateOptions = {}): Policy => {
      const before = store.getRow(input.id);
      if (input.baseRevisionId !== undefined && input.baseRevisionId !== before.current_revision_id) {
        throw new AppError(
          ErrorCode.Conflict,
          `“${before.title}” was changed since you opened it. Reload it to see the newer text, then make your edit again.`,
        );
      }
      const at = now();
      const title = input.title ?? before.title;
      const body = input.body ?? before.body;
      let after: PolicyRow = {
        ...before,
        title,
        body,
        owner: input.owner ?? before.owner,
        next_review_date: input.nextReviewDate === undefined ? before.next_review_date : input.nextReviewDate,
        updated_at: at,
        updated_by: actor,
      };
      const textChanged = title !== before.title || body !== before.body;
      // The minor flag matters only where there is a review or an approval to keep.
      if (textChanged && input.minor && before.status !== 'draft') {
        if (title !== before.title || changedSpan(before.body, body) > MINOR_FIX_MAX_CHARS) {
          throw new AppError(ErrorCode.InvalidInput, MINOR_FIX_REFUSAL);
        }
      }
      if (!textChanged) {
        // Nothing but the stamp would change: write nothing at all.
        return out(store.updateIfChanged(before, after) ? after : before);
      }
      after = workflow.afterTextEdit(after, input.minor);
      // The server's rule (private.is_minor_policy_edit): only a minor fix that keeps an approval
      // (a raised version_minor) leaves the last material editor as they were.
      const keptApproval = after.approved_by !== null && after.version_minor > before.version_minor;
      if (!keptApproval) after.edited_by = actor;
      const kept = after.approved_by !== null;
      after.current_revision_id = revisions.add({
        policyId: after.id,
        title,
        body,
        versionMajor: after.version_major,
        versionMinor: after.version_minor,
        baseRevisionId: before.current_revision_id,
        at,
        actor,
        // A minor fix carries the approval of the version it fixes.
        approvedBy: kept ? after.approved_by : null,
        approvedAt: kept ? after.approved_at : null,
        approvalComment: kept ? after.approval_comment : null,
        // A minor fix of the published text is itself in force: no re-approval needed.
        publishedAt: after.status === 'published' ? at : null,
        aiAssisted: options.aiAssisted,
      });
      if (after.status === 'published') after.published_revision_id = after.current_revision_id;
      store.update(before, after);
      return out(after);
    }),

    delete: db.transaction((id: string, actor: string): { id: string } => {
      const before = store.getRow(id);
      const at = now();
      store.update(before, { ...before, deleted_at: at, updated_at: at, updated_by: actor }, 'delete');
      return { id };
    }),

    restore: db.transaction((id: string, actor: string): Policy => {
      const before = store.getDeletedRow(id);
      const after = { ...before, deleted_at: null, updated_at: now(), updated_by: actor };
      store.update(before, after);
      return out(after);
    }),

    list(input: z.output<typeof PolicyListInput>): z.input<typeof PolicyListOutput> {
      const match = input.query ? toFtsQuery(input.query) : null;
      if (input.query && !match) return { items: [], total: 0 };
      const today = todayOf(now);
      const where = ['p.org_id = @orgId', 'p.deleted_at IS NULL'];
      // 'published' = a published version is in force, even while a newer draft is in the works.
      if (input.status === 'published') where.push('p.published_revision_id IS NOT NULL');
      else if (input.status) where.push('p.status = @status');
      if (input.overdue === true) where.push('p.next_review_date < @today');
      if (input.overdue === false) where.push('(p.next_review_date IS NULL OR p.next_review_date >= @today)');
      const params = { orgId, status: input.status, match, today, limit: input.limit, offset: input.offset };
      const from = match
        ? `policies_fts JOIN policies p ON p.rowid = policies_fts.rowid AND policies_fts MATCH @match`
        : 'policies p';
      const total = (db.prepare(`SELECT count(*) AS n FROM ${from} WHERE ${where.join(' AND ')}`).get(params) as { n: number }).n;
      const snippet = match ? `snippet(policies_fts, 1, '[', ']', '…', 12)` : 'NULL';
      const order = match ? 'bm25(policies_fts, 5.0, 1.0), p.updated_at DESC' : 'p.updated_at DESC, p.id DESC';
      // Bodies stay in the database: a page of the list carries only what a row shows.
      const columns = SUMMARY_COLUMNS.map((c) => `p.${c}`).join(', ');
      const rows = db
        .prepare(
          `SELECT ${columns}, ${snippet} AS snippet, ${PUBLISHED_VERSION} AS published_version
           FROM ${from} WHERE ${where.join(' AND ')} ORDER BY ${order} LIMIT @limit OFFSET @offset`,
        )
        .all(params) as (Omit<PolicyRow, 'body' | 'deleted_at'> & { snippet: string | null; published_version: string | null })[];
      return {
        items: rows.map((row) => ({
          ...toSummaryFields(row, today),
          snippet: row.snippet,
          publishedVersion: row.published_version,
        })),
        total,
      };
    },

    revisions: revisions.list,
    revision: revisions.get,

    publishedRevision(policyId: string): PolicyRevision | null {
      const row = store.getRow(policyId);
      return row.published_revision_id ? revisions.get(row.published_revision_id) : null;
    },

    diff(fromRevisionId: string, toRevisionId: string): PolicyDiff {
      const from = revisions.get(fromRevisionId);
      const to = revisions.get(toRevisionId);
      if (from.policyId !== to.policyId) {
        throw new AppError(ErrorCode.InvalidInput, 'Both revisions must belong to the same policy.');
      }
      const { body: fromBody, ...fromSummary } = from;
      const { body: toBody, ...toSummary } = to;
      return { from: fromSummary, to: toSummary, titleChanged: from.title !== to.title, ...lineDiff(fromBody, toBody) };
    },
  };
}

export type PoliciesService = ReturnType<typeof createPoliciesService>;
