/**
 * Policies in the replica: create, edit, list with filter and full-text search, tombstone on
 * delete. Every change goes through recordChange, so it lands in the outbox and the audit
 * trail in the same transaction.
 */
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { AppError, ErrorCode } from '../../../src-shared/errors';
import type {
  Policy,
  PolicyCreateInput,
  PolicyListInput,
  PolicyListOutput,
  PolicyUpdateInput,
} from '../../../src-shared/domain/policy';
import type { Db } from '../db/database';
import { toFtsQuery } from '../search/fts-query';
import { recordChange, type Row } from '../sync/changes';

interface PolicyRow {
  id: string;
  org_id: string;
  title: string;
  body: string;
  status: Policy['status'];
  owner: string;
  next_review_date: string | null;
  created_at: string;
  updated_at: string;
  updated_by: string;
  deleted_at: string | null;
}

const toPolicy = (row: PolicyRow): Policy => ({
  id: row.id,
  orgId: row.org_id,
  title: row.title,
  body: row.body,
  status: row.status,
  owner: row.owner,
  nextReviewDate: row.next_review_date,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
  updatedBy: row.updated_by,
});

export interface ServiceContext {
  db: Db;
  orgId: string;
  now: () => string;
}

export function createPoliciesService({ db, orgId, now }: ServiceContext) {
  const getRow = (id: string): PolicyRow => {
    const row = db.prepare('SELECT * FROM policies WHERE id = ? AND org_id = ? AND deleted_at IS NULL').get(id, orgId) as
      | PolicyRow
      | undefined;
    if (!row) throw new AppError(ErrorCode.NotFound, `No policy with id ${id}.`);
    return row;
  };

  const insert = db.prepare(
    `INSERT INTO policies (id, org_id, title, body, status, owner, next_review_date, created_at, updated_at, updated_by)
     VALUES (@id, @org_id, @title, @body, @status, @owner, @next_review_date, @created_at, @updated_at, @updated_by)`,
  );
  const update = db.prepare(
    `UPDATE policies SET title = @title, body = @body, status = @status, owner = @owner,
       next_review_date = @next_review_date, updated_at = @updated_at, updated_by = @updated_by, deleted_at = @deleted_at
     WHERE id = @id`,
  );

  const write = (before: PolicyRow, after: PolicyRow, actor: string, op: 'update' | 'delete') => {
    update.run(after);
    recordChange(db, {
      table: 'policies',
      recordId: after.id,
      orgId,
      actor,
      at: after.updated_at,
      before: before as unknown as Row,
      after: after as unknown as Row,
      op,
    });
  };

  return {
    get(id: string): Policy {
      return toPolicy(getRow(id));
    },

    create: db.transaction((input: z.output<typeof PolicyCreateInput>, actor: string): Policy => {
      const at = now();
      const row: PolicyRow = {
        id: randomUUID(),
        org_id: orgId,
        title: input.title,
        body: input.body,
        status: 'draft',
        owner: input.owner,
        next_review_date: input.nextReviewDate,
        created_at: at,
        updated_at: at,
        updated_by: actor,
        deleted_at: null,
      };
      insert.run(row);
      recordChange(db, { table: 'policies', recordId: row.id, orgId, actor, at, before: null, after: row as unknown as Row, op: 'insert' });
      return toPolicy(row);
    }),

    update: db.transaction((input: z.output<typeof PolicyUpdateInput>, actor: string): Policy => {
      const before = getRow(input.id);
      const after: PolicyRow = {
        ...before,
        title: input.title ?? before.title,
        body: input.body ?? before.body,
        owner: input.owner ?? before.owner,
        status: input.status ?? before.status,
        next_review_date: input.nextReviewDate === undefined ? before.next_review_date : input.nextReviewDate,
        updated_at: now(),
        updated_by: actor,
      };
      write(before, after, actor, 'update');
      return toPolicy(after);
    }),

    delete: db.transaction((id: string, actor: string): { id: string } => {
      const before = getRow(id);
      const at = now();
      write(before, { ...before, deleted_at: at, updated_at: at, updated_by: actor }, actor, 'delete');
      return { id };
    }),

    restore: db.transaction((id: string, actor: string): Policy => {
      const before = db.prepare('SELECT * FROM policies WHERE id = ? AND org_id = ? AND deleted_at IS NOT NULL').get(id, orgId) as
        | PolicyRow
        | undefined;
      if (!before) throw new AppError(ErrorCode.NotFound, `No deleted policy with id ${id}.`);
      const after = { ...before, deleted_at: null, updated_at: now(), updated_by: actor };
      write(before, after, actor, 'update');
      return toPolicy(after);
    }),

    list(input: z.output<typeof PolicyListInput>): z.input<typeof PolicyListOutput> {
      const match = input.query ? toFtsQuery(input.query) : null;
      const where = ['p.org_id = @orgId', 'p.deleted_at IS NULL'];
      if (input.status) where.push('p.status = @status');
      const params = { orgId, status: input.status, match, limit: input.limit, offset: input.offset };
      if (input.query && !match) return { items: [], total: 0 };
      const from = match
        ? `policies_fts JOIN policies p ON p.rowid = policies_fts.rowid AND policies_fts MATCH @match`
        : 'policies p';
      const total = (db.prepare(`SELECT count(*) AS n FROM ${from} WHERE ${where.join(' AND ')}`).get(params) as { n: number }).n;
      const snippet = match ? `snippet(policies_fts, 1, '[', ']', '…', 12)` : 'NULL';
      const order = match ? 'bm25(policies_fts, 5.0, 1.0), p.updated_at DESC' : 'p.updated_at DESC, p.id';
      const rows = db
        .prepare(
          `SELECT p.*, ${snippet} AS snippet FROM ${from} WHERE ${where.join(' AND ')} ORDER BY ${order} LIMIT @limit OFFSET @offset`,
        )
        .all(params) as (PolicyRow & { snippet: string | null })[];
      return {
        items: rows.map((row) => {
          const { body: _body, ...summary } = toPolicy(row);
          return { ...summary, snippet: row.snippet };
        }),
        total,
      };
    },
  };
}

export type PoliciesService = ReturnType<typeof createPoliciesService>;
