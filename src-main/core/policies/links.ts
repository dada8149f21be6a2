/**
 * Links between policies and controls (policy_controls rows). Unlinking tombstones the row;
 * linking the same pair again revives it, so the pair keeps one id across devices.
 */
import { randomUUID } from 'node:crypto';
import type { LinkedControl } from '../../../src-shared/domain/policy';
import { AppError, ErrorCode } from '../../../src-shared/errors';
import type { Db } from '../db/database';
import { toFtsQuery } from '../search/fts-query';
import { recordChange, type Row } from '../sync/changes';
import type { PolicyStore } from './policy-row';

interface LinkRow {
  id: string;
  org_id: string;
  policy_id: string;
  control_id: string;
  created_at: string;
  updated_at: string;
  updated_by: string;
  deleted_at: string | null;
}

interface LinksContext {
  db: Db;
  orgId: string;
  now: () => string;
  store: PolicyStore;
}

const CONTROL_COLUMNS = `c.id AS id, c.label AS label, c.title AS title, f.title AS frameworkTitle`;

export function createPolicyLinks({ db, orgId, now, store }: LinksContext) {
  const selectLink = db.prepare('SELECT * FROM policy_controls WHERE policy_id = ? AND control_id = ? AND org_id = ?');
  const controlExists = db.prepare('SELECT 1 FROM controls WHERE id = ? AND org_id = ? AND deleted_at IS NULL');
  const insertLink = db.prepare(
    `INSERT INTO policy_controls (id, org_id, policy_id, control_id, created_at, updated_at, updated_by, deleted_at)
     VALUES (@id, @org_id, @policy_id, @control_id, @created_at, @updated_at, @updated_by, @deleted_at)`,
  );
  const updateLink = db.prepare(
    'UPDATE policy_controls SET deleted_at = @deleted_at, updated_at = @updated_at, updated_by = @updated_by WHERE id = @id',
  );

  const writeLink = (before: LinkRow, after: LinkRow, actor: string, op: 'update' | 'delete') => {
    updateLink.run(after);
    recordChange(db, {
      table: 'policy_controls',
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
    link: db.transaction((policyId: string, controlId: string, actor: string) => {
      store.getRow(policyId);
      if (!controlExists.get(controlId, orgId)) throw new AppError(ErrorCode.NotFound, `No control with id ${controlId}.`);
      const existing = selectLink.get(policyId, controlId, orgId) as LinkRow | undefined;
      const at = now();
      const linkId = existing?.id ?? randomUUID();
      if (!existing) {
        const row: LinkRow = {
          id: linkId,
          org_id: orgId,
          policy_id: policyId,
          control_id: controlId,
          created_at: at,
          updated_at: at,
          updated_by: actor,
          deleted_at: null,
        };
        insertLink.run(row);
        recordChange(db, {
          table: 'policy_controls',
          recordId: row.id,
          orgId,
          actor,
          at,
          before: null,
          after: row as unknown as Row,
          op: 'insert',
        });
      } else if (existing.deleted_at !== null) {
        writeLink(existing, { ...existing, deleted_at: null, updated_at: at, updated_by: actor }, actor, 'update');
      }
      return { policyId, controlId, linked: true, linkId };
    }),

    unlink: db.transaction((policyId: string, controlId: string, actor: string) => {
      store.getRow(policyId);
      const existing = selectLink.get(policyId, controlId, orgId) as LinkRow | undefined;
      if (existing && existing.deleted_at === null) {
        const at = now();
        writeLink(existing, { ...existing, deleted_at: at, updated_at: at, updated_by: actor }, actor, 'delete');
      }
      return { policyId, controlId, linked: false, linkId: existing?.id ?? null };
    }),

    linkedControls(policyId: string): LinkedControl[] {
      store.getRow(policyId);
      return db
        .prepare(
          `SELECT ${CONTROL_COLUMNS} FROM policy_controls pc
           JOIN controls c ON c.id = pc.control_id AND c.deleted_at IS NULL
           JOIN frameworks f ON f.id = c.framework_id
           WHERE pc.policy_id = ? AND pc.org_id = ? AND pc.deleted_at IS NULL
           ORDER BY f.title, c.sort_key, c.label`,
        )
        .all(policyId, orgId) as LinkedControl[];
    },

    searchControls(query: string, limit: number): LinkedControl[] {
      const match = toFtsQuery(query);
      if (query.trim() && !match) return [];
      if (!match) {
        return db
          .prepare(
            `SELECT ${CONTROL_COLUMNS} FROM controls c JOIN frameworks f ON f.id = c.framework_id
             WHERE c.org_id = ? AND c.deleted_at IS NULL AND f.deleted_at IS NULL
             ORDER BY f.title, c.sort_key, c.label LIMIT ?`,
          )
          .all(orgId, limit) as LinkedControl[];
      }
      // Label and title outweigh the long statement and guidance texts.
      return db
        .prepare(
          `SELECT ${CONTROL_COLUMNS} FROM controls_fts
           JOIN controls c ON c.rowid = controls_fts.rowid
           JOIN frameworks f ON f.id = c.framework_id
           WHERE controls_fts MATCH ? AND c.org_id = ? AND c.deleted_at IS NULL AND f.deleted_at IS NULL
           ORDER BY bm25(controls_fts, 10.0, 5.0, 1.0, 0.5) LIMIT ?`,
        )
        .all(match, orgId, limit) as LinkedControl[];
    },
  };
}
