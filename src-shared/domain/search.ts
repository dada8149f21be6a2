import { z } from 'zod';
import { Id } from './common';

/** `note`: an audit's test notes on one control. */
export const SearchKind = z.enum(['policy', 'control', 'evidence', 'finding', 'audit', 'note']);
export type SearchKind = z.infer<typeof SearchKind>;

export const SearchInput = z.strictObject({
  /**
   * Trimmed at the start only: a space after the last word says it is finished, so it matches
   * whole instead of as a prefix (core/search/fts-query.ts).
   */
  query: z
    .string()
    .max(200, 'must be at most 200 characters')
    .transform((text) => (text.trim() === '' ? '' : text.trimStart())),
  limitPerKind: z.int().min(1).max(50).default(8),
});

/**
 * Snippets mark matched words with U+0002 (start) and U+0003 (end): characters no user text
 * carries, so the renderer can highlight without ever parsing markup.
 */
export const SNIPPET_START = '\u0002';
export const SNIPPET_END = '\u0003';

export const SearchHit = z.object({
  kind: SearchKind,
  id: Id,
  title: z.string(),
  snippet: z.string(),
  /** Controls: the control's label (AC-2) and its framework. */
  label: z.string().nullable(),
  frameworkId: Id.nullable(),
  frameworkTitle: z.string().nullable(),
  /** Findings, test notes, audit-captured evidence: the audit they belong to (the page that opens them). */
  auditId: Id.nullable(),
  /** Findings and test notes: the control in the audit's scope they are on (fieldwork opens on it). */
  controlId: Id.nullable(),
  /** Test notes: the audit's title, so two audits' notes on one control can be told apart. */
  auditTitle: z.string().nullable(),
});
export type SearchHit = z.infer<typeof SearchHit>;

export const SearchGroup = z.object({
  kind: SearchKind,
  /** How many records match, counted up to `SEARCH_COUNT_CAP`; `capped` when there are more. */
  count: z.int(),
  capped: z.boolean(),
  hits: z.array(SearchHit),
});
export type SearchGroup = z.infer<typeof SearchGroup>;

export const SEARCH_COUNT_CAP = 500;

export const SearchOutput = z.object({ query: z.string(), groups: z.array(SearchGroup) });
export type SearchOutput = z.infer<typeof SearchOutput>;
