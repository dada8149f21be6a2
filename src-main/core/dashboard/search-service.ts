/**
 * Global search across policies, controls, evidence, findings, audits and test notes (FTS5),
 * grouped by kind.
 *
 * Fast at a million rows. Finished words match exactly and only the word being typed matches as
 * a prefix (search/fts-query.ts); that word is first tried whole: when the whole word alone
 * already has more than SEARCH_COUNT_CAP matches, so does its prefix, and the newest hits are
 * taken from the whole-word matches without merging every posting list the prefix covers (15–18 ms
 * per kind at a million rows). Otherwise the prefix runs, made cheap for three-letter prefixes by
 * the FTS prefix index (migration 0013).
 *
 * Each kind runs its MATCH once to list matching rowids newest first, up to SEARCH_COUNT_CAP + 1:
 * that is the count. A kind with at most RANK_WINDOW matches is then ranked by bm25 (titles weigh
 * most) over those few rows; a more common one shows its newest matches, fetched with a rowid
 * bound so FTS5 seeks straight to them. Snippets are made for the returned rows only.
 *
 * A query shaped like a control reference ("AC-2", "ac 2", "ac-02") puts the control it names
 * first, then controls whose label starts with it (AC-2(1), AC-20), then the text matches
 * (search/control-ref.ts), whatever bm25 thinks of the short words.
 *
 * An auditor finds only the audits assigned to them, with their findings, test notes and the
 * evidence captured in them (assignments.ts), as in their audits list: their assignments, read
 * once per statement, filter the matching rows of those kinds, in statements only auditors use.
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
import { assignedAuditSql, visibleCaptureSql } from '../audits/assignments';
import { inLiveAuditSql } from '../audits/audit-rows';
import { controlRef, registerControlRef } from '../search/control-ref';
import { ftsTerms, type FtsTerms } from '../search/fts-query';

const RANK_WINDOW = 200;

/**
 * A one- or two-letter prefix ("a*") expands to thousands of index terms and costs ~1 s at
 * 100k rows; such short words match as whole words instead.
 */
const MIN_PREFIX = 3;

const quote = (term: string) => `"${term}"`;
/** The MATCH expression: finished words exact, the typed word as a prefix or (prefix false) whole. */
const matchOf = ({ exact, prefix }: FtsTerms, asPrefix: boolean) =>
  [...exact.map(quote), ...(prefix === null ? [] : [asPrefix ? `${quote(prefix)}*` : quote(prefix)])].join(' ');

interface KindSpec {
  kind: SearchKind;
  fts: string;
  table: string;
  /** Columns of the base row (alias t) and joined tables for the hit. */
  select: string;
  join?: string;
  /** bm25 column weights: titles count more than bodies. */
  weights: string;
  /**
   * The audit a row belongs to (a column of t), for an auditor's search: only rows of audits
   * assigned to them; `optional` when rows outside any audit have none (evidence not captured in one).
   */
  audit?: { column: string; optional?: boolean };
  /**
   * For everyone: the row's audit is not in the Trash. Deleting an audit leaves its findings and
   * results untombstoned (restoring it brings them back), so the audit's state decides, as in the
   * findings list.
   */
  live?: string;
}

const IN_LIVE_AUDIT = `AND ${inLiveAuditSql('t.audit_id')}`;

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
    audit: { column: 't.audit_id', optional: true },
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
    audit: { column: 't.audit_id' },
    live: IN_LIVE_AUDIT,
  },
  {
    kind: 'audit',
    fts: 'audits_fts',
    table: 'audits',
    select: `t.id, t.title, NULL AS label, NULL AS frameworkId, NULL AS frameworkTitle, t.id AS auditId,
      NULL AS controlId, NULL AS auditTitle`,
    weights: '5.0, 1.0',
    audit: { column: 't.id' },
  },
  {
    kind: 'note',
    fts: 'audit_results_fts',
    table: 'audit_results',
    select: `t.id, c.title AS title, c.label AS label, NULL AS frameworkId, NULL AS frameworkTitle, t.audit_id AS auditId,
      t.control_id AS controlId, a.title AS auditTitle`,
    join: 'JOIN controls c ON c.id = t.control_id JOIN audits a ON a.id = t.audit_id',
    weights: '1.0',
    audit: { column: 't.audit_id' },
    live: IN_LIVE_AUDIT,
  },
];

/** An auditor's extra condition on a kind's rows (none for kinds outside audits). */
function assignedOnly(spec: KindSpec): string {
  if (!spec.audit) return '';
  const { column, optional } = spec.audit;
  return `AND ${optional ? visibleCaptureSql(column) : assignedAuditSql(column)}`;
}

/** The conditions a kind's rows meet beyond org and tombstone: a live audit, and an auditor's own. */
const conditionsOf = (spec: KindSpec, scoped: boolean) => `${spec.live ?? ''} ${scoped ? assignedOnly(spec) : ''}`;

export function createSearchService({ db, orgId }: { db: Db; orgId: string }) {
  registerControlRef(db);
  const controlsByRef = db.prepare(
    `SELECT t.id, t.title, t.label AS label, t.framework_id AS frameworkId, f.title AS frameworkTitle, NULL AS auditId,
       NULL AS controlId, NULL AS auditTitle, cf_control_ref_rank(t.label, t.control_key, @ref) AS refRank
     FROM controls t LEFT JOIN frameworks f ON f.id = t.framework_id
     WHERE t.org_id = @orgId AND t.deleted_at IS NULL AND (t.label LIKE @lead OR t.control_key LIKE @lead)
       AND cf_control_ref_rank(t.label, t.control_key, @ref) > 0
     ORDER BY refRank DESC, t.sort_key, t.id LIMIT @limit`,
  );
  /** The named control and label-prefix matches first, then the text matches not already listed. */
  const withControlRef = (group: SearchGroup, ref: string, limit: number): SearchGroup => {
    // A reference starts with its letters ("ac" of "ac-2"): LIKE (case-blind for ASCII) keeps the
    // JS ranking function to the few controls that can match, not every control of every framework.
    const lead = `${ref.split('-')[0]!.replace(/[%_\\]/g, '')}%`;
    const named = controlsByRef.all({ ref, orgId, limit, lead }) as (Omit<SearchHit, 'kind' | 'snippet'> & { refRank: number })[];
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

  /** Each kind's statements; `scoped` adds an auditor's assignment condition (assignedOnly). */
  const prepareKinds = (scoped: boolean) => KINDS.map((spec) => prepareKind(spec, conditionsOf(spec, scoped)));
  const prepareKind = (spec: KindSpec, conditions: string) => ({
    spec,
    /** Matching rowids, newest first, up to the cap + 1: the count, and the bound for the newest page. */
    matches: db
      .prepare(
        `SELECT t.rowid FROM ${spec.fts} JOIN ${spec.table} t ON t.rowid = ${spec.fts}.rowid
         WHERE ${spec.fts} MATCH @match AND t.org_id = @orgId AND t.deleted_at IS NULL ${conditions}
         ORDER BY ${spec.fts}.rowid DESC LIMIT ${SEARCH_COUNT_CAP + 1}`,
      )
      .pluck(),
    // Scores every match once (at most RANK_WINDOW of them, live rows only) and keeps the top
    // `limit`; only those are matched again for their snippets. Joining the snippet's MATCH before
    // the sort would set up one FTS query per match (200 of them for a rare word: ~20 ms at 1M).
    ranked: db.prepare(
      `SELECT ${spec.select}, snippet(${spec.fts}, -1, '${SNIPPET_START}', '${SNIPPET_END}', '…', 12) AS snippet
       FROM (SELECT ${spec.fts}.rowid AS r, bm25(${spec.fts}, ${spec.weights}) AS score
             FROM ${spec.fts} JOIN ${spec.table} t ON t.rowid = ${spec.fts}.rowid
             WHERE ${spec.fts} MATCH @match AND t.org_id = @orgId AND t.deleted_at IS NULL ${conditions}
             ORDER BY score LIMIT @limit) top
       JOIN ${spec.fts} ON ${spec.fts}.rowid = top.r AND ${spec.fts} MATCH @match
       JOIN ${spec.table} t ON t.rowid = top.r ${spec.join ?? ''}
       ORDER BY top.score, top.r`,
    ),
    newest: db.prepare(
      `SELECT ${spec.select}, snippet(${spec.fts}, -1, '${SNIPPET_START}', '${SNIPPET_END}', '…', 12) AS snippet
       FROM ${spec.fts} JOIN ${spec.table} t ON t.rowid = ${spec.fts}.rowid ${spec.join ?? ''}
       WHERE ${spec.fts} MATCH @match AND ${spec.fts}.rowid >= @from AND t.org_id = @orgId AND t.deleted_at IS NULL ${conditions}
       ORDER BY ${spec.fts}.rowid DESC LIMIT @limit`,
    ),
  });
  const everyone = prepareKinds(false);
  // Prepared on an auditor's first search: other roles never pay for them.
  let auditors: typeof everyone | null = null;

  return {
    /**
     * `assignedTo` (an auditor's user id, assignments.ts assignmentScope) keeps audits, their
     * results and findings and the evidence captured in them to the audits assigned to that user.
     */
    all(
      input: { query: string; limitPerKind: number },
      assignedTo: string | null = null,
    ): { query: string; groups: SearchGroup[] } {
      const parsed = ftsTerms(input.query);
      if (!parsed) return { query: input.query, groups: [] };
      const terms =
        parsed.prefix !== null && parsed.prefix.length < MIN_PREFIX
          ? { exact: [...parsed.exact, parsed.prefix], prefix: null }
          : parsed;
      const limit = input.limitPerKind;
      const ref = controlRef(input.query);
      const statements = assignedTo === null ? everyone : (auditors ??= prepareKinds(true));
      const scope = assignedTo === null ? { orgId } : { orgId, userId: assignedTo };
      const groups = db.transaction(() =>
        statements.map(({ spec, matches, ranked, newest }): SearchGroup => {
          // The typed word whole first: past the cap, its prefix cannot count more or list newer rows
          // often enough to pay for merging every term it covers.
          let match = matchOf(terms, false);
          let rowids = matches.all({ ...scope, match }) as number[];
          if (terms.prefix !== null && rowids.length <= SEARCH_COUNT_CAP) {
            match = matchOf(terms, true);
            rowids = matches.all({ ...scope, match }) as number[];
          }
          const n = rowids.length;
          const named = (group: SearchGroup) => (spec.kind === 'control' && ref ? withControlRef(group, ref, limit) : group);
          if (n === 0) return named({ kind: spec.kind, count: 0, capped: false, hits: [] });
          const from = rowids[Math.min(limit, n) - 1]!;
          const rows = (
            n > RANK_WINDOW ? newest.all({ ...scope, match, limit, from }) : ranked.all({ ...scope, match, limit })
          ) as Omit<SearchHit, 'kind'>[];
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
