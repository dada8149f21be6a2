/**
 * Global search across policies, controls, evidence, findings, audits and test notes (FTS5),
 * grouped by kind.
 *
 * Fast at 100k rows: ranking every match of a common word (`ORDER BY rank`, or bm25 with a
 * snippet per candidate) costs ~50–250 ms per kind at 100k evidence rows (DESIGN §7). So each
 * kind first counts its matches (up to SEARCH_COUNT_CAP, which stops early); a word with at most
 * RANK_WINDOW matches is ranked by bm25 (titles weigh most), a more common one lists its newest
 * matches in FTS5 rowid order, which needs no scoring. Snippets are made for the returned rows only.
 *
 * A query shaped like a control reference ("AC-2", "ac 2", "ac-02") puts the control it names
 * first, then controls whose label starts with it (AC-2(1), AC-20), then the text matches
 * (search/control-ref.ts), whatever bm25 thinks of the short words.
 */
import {
  SEARCH_COUNT_CAP,
  SNIPPET_END,
  SNIPPET_START,
  type SearchGroup,
  type SearchHit,
  type SearchKind,
} from '../../../src-shared/domain/search';
import type { Db } from '../db/database';
import { controlRef, registerControlRef } from '../search/control-ref';
import { toFtsQuery } from '../search/fts-query';

const RANK_WINDOW = 200;

/**
 * A one- or two-letter prefix ("a*") expands to thousands of index terms and costs ~1 s at
 * 100k rows; such short words match as whole words instead.
 */
const withoutShortPrefixes = (match: string) => match.replace(/"([^"]{1,2})"\*/gu, '"$1"');

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
    select: `t.id, t.title, NULL AS label, NULL AS frameworkId, NULL AS frameworkTitle, NULL AS auditId, NULL AS controlId, NULL AS auditTitle`,
    weights: '5.0, 1.0',
  },
  {
    kind: 'control',
    fts: 'controls_fts',
    table: 'controls',
    select: `t.id, t.title, t.label AS label, t.framework_id AS frameworkId, f.title AS frameworkTitle, NULL AS auditId, NULL AS controlId, NULL AS auditTitle`,
    join: 'LEFT JOIN frameworks f ON f.id = t.framework_id',
    weights: '8.0, 5.0, 1.0, 0.5',
  },
  {
    kind: 'evidence',
    fts: 'evidence_fts',
    table: 'evidence',
    select: `t.id, t.title, NULL AS label, NULL AS frameworkId, NULL AS frameworkTitle, t.audit_id AS auditId, NULL AS controlId, NULL AS auditTitle`,
    weights: '5.0, 1.0, 2.0',
  },
  {
    kind: 'finding',
    fts: 'findings_fts',
    table: 'findings',
    select: `t.id, t.title, c.label AS label, NULL AS frameworkId, NULL AS frameworkTitle, t.audit_id AS auditId,
      t.control_id AS controlId, NULL AS auditTitle`,
    join: 'LEFT JOIN controls c ON c.id = t.control_id',
    // Title, description, then the written parts (migration 0015-audit-search).
    weights: '5.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0',
  },
  {
    kind: 'audit',
    fts: 'audits_fts',
    table: 'audits',
    select: `t.id, t.title, NULL AS label, NULL AS frameworkId, NULL AS frameworkTitle, t.id AS auditId,
      NULL AS controlId, NULL AS auditTitle`,
    weights: '5.0, 1.0',
  },
  {
    kind: 'note',
    fts: 'audit_results_fts',
    table: 'audit_results',
    select: `t.id, c.title AS title, c.label AS label, NULL AS frameworkId, NULL AS frameworkTitle, t.audit_id AS auditId,
      t.control_id AS controlId, a.title AS auditTitle`,
    join: 'JOIN controls c ON c.id = t.control_id JOIN audits a ON a.id = t.audit_id',
    weights: '1.0',
  },
];

export function createSearchService({ db, orgId }: { db: Db; orgId: string }) {
  registerControlRef(db);
  const controlsByRef = db.prepare(
    `SELECT t.id, t.title, t.label AS label, t.framework_id AS frameworkId, f.title AS frameworkTitle, NULL AS auditId,
       NULL AS controlId, NULL AS auditTitle, cf_control_ref_rank(t.label, t.control_key, @ref) AS refRank
     FROM controls t LEFT JOIN frameworks f ON f.id = t.framework_id
     WHERE t.org_id = @orgId AND t.deleted_at IS NULL AND cf_control_ref_rank(t.label, t.control_key, @ref) > 0
     ORDER BY refRank DESC, t.sort_key, t.id LIMIT @limit`,
  );
  /** The named control and label-prefix matches first, then the text matches not already listed. */
  const withControlRef = (group: SearchGroup, ref: string, limit: number): SearchGroup => {
    const named = controlsByRef.all({ ref, orgId, limit }) as (Omit<SearchHit, 'kind' | 'snippet'> & { refRank: number })[];
    if (named.length === 0) return group;
    const byId = new Map(group.hits.map((hit) => [hit.id, hit]));
    const first: SearchHit[] = named.map(({ refRank: _rank, ...row }) => ({
      kind: 'control',
      ...row,
      snippet: byId.get(row.id)?.snippet ?? `${SNIPPET_START}${row.label ?? ''}${SNIPPET_END}`,
    }));
    const listed = new Set(first.map((hit) => hit.id));
    const rest = group.hits.filter((hit) => !listed.has(hit.id));
    return { ...group, count: Math.max(group.count, first.length), hits: [...first, ...rest].slice(0, limit) };
  };

  const statements = KINDS.map((spec) => ({
    spec,
    count: db.prepare(
      `SELECT count(*) AS n FROM (SELECT 1 FROM ${spec.fts} JOIN ${spec.table} t ON t.rowid = ${spec.fts}.rowid
         WHERE ${spec.fts} MATCH @match AND t.org_id = @orgId AND t.deleted_at IS NULL LIMIT ${SEARCH_COUNT_CAP + 1})`,
    ),
    ranked: db.prepare(
      `SELECT ${spec.select}, snippet(${spec.fts}, -1, '${SNIPPET_START}', '${SNIPPET_END}', '…', 12) AS snippet
       FROM (SELECT rowid AS r FROM ${spec.fts} WHERE ${spec.fts} MATCH @match ORDER BY bm25(${spec.fts}, ${spec.weights}) LIMIT ${RANK_WINDOW}) top
       JOIN ${spec.fts} ON ${spec.fts}.rowid = top.r AND ${spec.fts} MATCH @match
       JOIN ${spec.table} t ON t.rowid = top.r ${spec.join ?? ''}
       WHERE t.org_id = @orgId AND t.deleted_at IS NULL
       ORDER BY bm25(${spec.fts}, ${spec.weights}) LIMIT @limit`,
    ),
    newest: db.prepare(
      `SELECT ${spec.select}, snippet(${spec.fts}, -1, '${SNIPPET_START}', '${SNIPPET_END}', '…', 12) AS snippet
       FROM ${spec.fts} JOIN ${spec.table} t ON t.rowid = ${spec.fts}.rowid ${spec.join ?? ''}
       WHERE ${spec.fts} MATCH @match AND t.org_id = @orgId AND t.deleted_at IS NULL
       ORDER BY ${spec.fts}.rowid DESC LIMIT @limit`,
    ),
  }));

  return {
    all(input: { query: string; limitPerKind: number }): { query: string; groups: SearchGroup[] } {
      const full = toFtsQuery(input.query);
      const match = full && withoutShortPrefixes(full);
      if (!match) return { query: input.query, groups: [] };
      const ref = controlRef(input.query);
      const groups = db.transaction(() =>
        statements.map(({ spec, count, ranked, newest }): SearchGroup => {
          const n = (count.get({ match, orgId }) as { n: number }).n;
          const named = (group: SearchGroup) =>
            spec.kind === 'control' && ref ? withControlRef(group, ref, input.limitPerKind) : group;
          if (n === 0) return named({ kind: spec.kind, count: 0, capped: false, hits: [] });
          const rows = (n > RANK_WINDOW ? newest : ranked).all({ match, orgId, limit: input.limitPerKind }) as Omit<
            SearchHit,
            'kind'
          >[];
          return named({
            kind: spec.kind,
            count: Math.min(n, SEARCH_COUNT_CAP),
            capped: n > SEARCH_COUNT_CAP,
            hits: rows.map((row) => ({ kind: spec.kind, ...row, snippet: row.snippet ?? '' })),
          });
        }),
      )();
      return { query: input.query, groups: groups.filter((g) => g.count > 0) };
    },
  };
}
