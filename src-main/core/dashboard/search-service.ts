/**
 * Global search across policies, controls, evidence and findings (FTS5), grouped by kind.
 *
 * Fast at 100k rows: ranking every match of a common word (`ORDER BY rank`) costs a bm25 per
 * match, so each kind ranks only a window of its newest matches (the last RANK_WINDOW rowids,
 * found through FTS5's rowid order, which needs no scoring), and counts matches only up to
 * SEARCH_COUNT_CAP. Rare words rank all of their matches.
 */
import { SEARCH_COUNT_CAP, SNIPPET_END, SNIPPET_START, type SearchGroup, type SearchHit, type SearchKind } from '../../../src-shared/domain/search';
import type { Db } from '../db/database';
import { toFtsQuery } from '../search/fts-query';

const RANK_WINDOW = 500;

interface KindSpec {
  kind: SearchKind;
  fts: string;
  table: string;
  /** Columns of the base row (alias t) and joined tables for the hit. */
  select: string;
  join?: string;
  /** bm25 column weights: titles count more than bodies. */
  weights: string;
}

const KINDS: KindSpec[] = [
  {
    kind: 'policy',
    fts: 'policies_fts',
    table: 'policies',
    select: `t.id, t.title, NULL AS label, NULL AS frameworkId, NULL AS frameworkTitle, NULL AS auditId`,
    weights: '5.0, 1.0',
  },
  {
    kind: 'control',
    fts: 'controls_fts',
    table: 'controls',
    select: `t.id, t.title, t.label AS label, t.framework_id AS frameworkId, f.title AS frameworkTitle, NULL AS auditId`,
    join: 'LEFT JOIN frameworks f ON f.id = t.framework_id',
    weights: '8.0, 5.0, 1.0, 0.5',
  },
  {
    kind: 'evidence',
    fts: 'evidence_fts',
    table: 'evidence',
    select: `t.id, t.title, NULL AS label, NULL AS frameworkId, NULL AS frameworkTitle, t.audit_id AS auditId`,
    weights: '5.0, 1.0, 2.0',
  },
  {
    kind: 'finding',
    fts: 'findings_fts',
    table: 'findings',
    select: `t.id, t.title, NULL AS label, NULL AS frameworkId, NULL AS frameworkTitle, t.audit_id AS auditId`,
    weights: '5.0, 1.0',
  },
];

export function createSearchService({ db, orgId }: { db: Db; orgId: string }) {
  const statements = KINDS.map((spec) => ({
    spec,
    count: db.prepare(
      `SELECT count(*) AS n FROM (SELECT 1 FROM ${spec.fts} JOIN ${spec.table} t ON t.rowid = ${spec.fts}.rowid
         WHERE ${spec.fts} MATCH @match AND t.org_id = @orgId AND t.deleted_at IS NULL LIMIT ${SEARCH_COUNT_CAP + 1})`,
    ),
    windowStart: db.prepare(
      `SELECT rowid AS r FROM ${spec.fts} WHERE ${spec.fts} MATCH @match ORDER BY rowid DESC LIMIT 1 OFFSET ${RANK_WINDOW - 1}`,
    ),
    hits: db.prepare(
      `SELECT ${spec.select}, snippet(${spec.fts}, -1, '${SNIPPET_START}', '${SNIPPET_END}', '…', 12) AS snippet
       FROM ${spec.fts} JOIN ${spec.table} t ON t.rowid = ${spec.fts}.rowid ${spec.join ?? ''}
       WHERE ${spec.fts} MATCH @match AND ${spec.fts}.rowid >= @from AND t.org_id = @orgId AND t.deleted_at IS NULL
       ORDER BY bm25(${spec.fts}, ${spec.weights}) LIMIT @limit`,
    ),
  }));

  return {
    all(input: { query: string; limitPerKind: number }): { query: string; groups: SearchGroup[] } {
      const match = toFtsQuery(input.query);
      if (!match) return { query: input.query, groups: [] };
      const groups = db.transaction(() =>
        statements.map(({ spec, count, windowStart, hits }): SearchGroup => {
          const n = (count.get({ match, orgId }) as { n: number }).n;
          if (n === 0) return { kind: spec.kind, count: 0, capped: false, hits: [] };
          const from = n > RANK_WINDOW ? ((windowStart.get({ match }) as { r: number } | undefined)?.r ?? 0) : 0;
          const rows = hits.all({ match, from, orgId, limit: input.limitPerKind }) as Omit<SearchHit, 'kind'>[];
          return {
            kind: spec.kind,
            count: Math.min(n, SEARCH_COUNT_CAP),
            capped: n > SEARCH_COUNT_CAP,
            hits: rows.map((row) => ({ kind: spec.kind, ...row, snippet: row.snippet ?? '' })),
          };
        }),
      )();
      return { query: input.query, groups: groups.filter((g) => g.count > 0) };
    },
  };
}
