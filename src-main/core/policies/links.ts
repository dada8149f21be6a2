/**
 * Links between policies and controls (policy_controls rows). Unlinking tombstones the row;
 * linking the same pair again revives it, so the pair keeps one id across devices.
 */
import type { LinkedControl } from '../../../src-shared/domain/policy';
import { AppError, ErrorCode } from '../../../src-shared/errors';
import type { Db } from '../db/database';
import { controlRef, registerControlRef } from '../search/control-ref';
import { toFtsQuery } from '../search/fts-query';
import { syncedLinks } from '../sync/synced-links';
import type { PolicyStore } from './policy-row';

interface LinksContext {
  db: Db;
  orgId: string;
  now: () => string;
  store: PolicyStore;
}

const CONTROL_COLUMNS = `c.id AS id, c.label AS label, c.title AS title, f.title AS frameworkTitle`;

export function createPolicyLinks({ db, orgId, now, store }: LinksContext) {
  const controlExists = db.prepare('SELECT 1 FROM controls WHERE id = ? AND org_id = ? AND deleted_at IS NULL');
  const pairs = syncedLinks(db, 'policy_controls');
  registerControlRef(db);

  return {
    link: db.transaction((policyId: string, controlId: string, actor: string) => {
      store.getRow(policyId);
      if (!controlExists.get(controlId, orgId)) throw new AppError(ErrorCode.NotFound, `No control with id ${controlId}.`);
      const { id } = pairs.link(policyId, controlId, { orgId, actor, at: now() });
      return { policyId, controlId, linked: true, linkId: id };
    }),

    unlink: db.transaction((policyId: string, controlId: string, actor: string) => {
      store.getRow(policyId);
      const { id } = pairs.unlink(policyId, controlId, { orgId, actor, at: now });
      return { policyId, controlId, linked: false, linkId: id };
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
      // A control named exactly ("AC-2", "ac 2", "ac-02") comes first, then labels starting with
      // it (AC-2(1), AC-20), then text matches; label and title outweigh statement and guidance.
      const ref = controlRef(query);
      if (!ref) {
        return db
          .prepare(
            `SELECT ${CONTROL_COLUMNS} FROM controls_fts
             JOIN controls c ON c.rowid = controls_fts.rowid
             JOIN frameworks f ON f.id = c.framework_id
             WHERE controls_fts MATCH ? AND c.org_id = ? AND c.deleted_at IS NULL AND f.deleted_at IS NULL
             ORDER BY bm25(controls_fts, 10.0, 5.0, 1.0, 0.5) LIMIT ?`,
          )
          .all(match, orgId, limit) as LinkedControl[];
      }
      return db
        .prepare(
          `SELECT ${CONTROL_COLUMNS} FROM (
             SELECT c.rowid AS r, cf_control_ref_rank(c.label, c.control_key, @ref) AS ref_rank, m.score
             FROM controls c
             LEFT JOIN (SELECT rowid AS r, bm25(controls_fts, 10.0, 5.0, 1.0, 0.5) AS score FROM controls_fts WHERE controls_fts MATCH @match) m
               ON m.r = c.rowid
             WHERE c.org_id = @orgId AND c.deleted_at IS NULL
           ) hit
           JOIN controls c ON c.rowid = hit.r
           JOIN frameworks f ON f.id = c.framework_id AND f.deleted_at IS NULL
           WHERE hit.ref_rank > 0 OR hit.score IS NOT NULL
           ORDER BY hit.ref_rank DESC, hit.score IS NULL, hit.score, f.title, c.sort_key LIMIT @limit`,
        )
        .all({ match, ref, orgId, limit }) as LinkedControl[];
    },
  };
}
