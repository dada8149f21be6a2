/**
 * Turns stored trail events into what a person reads: one line per changed field, before →
 * after. Long texts (policy bodies) are cut to the part that changed, so a page of events
 * stays small however large the documents are.
 */
import type { TrailEventView, TrailFieldChange } from '../../../src-shared/domain/trail';
import type { TrailEvent } from './trail';

/** Strings longer than this are shown as an excerpt around the change. */
const LONG_TEXT = 400;
const CONTEXT_CHARS = 80;
const MAX_EXCERPT = 600;

/** Bookkeeping columns every row carries; the event itself already says who and when. */
const HIDDEN_FIELDS = new Set(['id', 'org_id']);

export function toEventView(event: TrailEvent): TrailEventView {
  const fields = Object.keys(event.after ?? event.before ?? {}).filter((f) => !HIDDEN_FIELDS.has(f));
  const changes: TrailFieldChange[] = fields.map((field) => {
    const before = event.before ? (event.before[field] ?? null) : null;
    const after = event.after ? (event.after[field] ?? null) : null;
    const [b, a] = excerpts(before, after);
    return { field, before: b, after: a };
  });
  return {
    seq: event.seq,
    id: event.id,
    recordTable: event.recordTable,
    recordId: event.recordId,
    action: event.action,
    actor: event.actor,
    at: event.at,
    changes,
  };
}

function excerpts(before: unknown, after: unknown): [unknown, unknown] {
  const b = typeof before === 'string' ? before : null;
  const a = typeof after === 'string' ? after : null;
  if ((b?.length ?? 0) <= LONG_TEXT && (a?.length ?? 0) <= LONG_TEXT) return [before, after];
  if (b === null || a === null) return [b === null ? before : cut(b, 0, b.length), a === null ? after : cut(a, 0, a.length)];
  // Common prefix and suffix: what lies between them is the edit.
  let prefix = 0;
  const shorter = Math.min(b.length, a.length);
  while (prefix < shorter && b[prefix] === a[prefix]) prefix++;
  let suffix = 0;
  while (suffix < shorter - prefix && b[b.length - 1 - suffix] === a[a.length - 1 - suffix]) suffix++;
  return [cut(b, prefix, b.length - suffix), cut(a, prefix, a.length - suffix)];
}

/** The text from `start` to `end` with some context either side, marked with … where cut. */
function cut(text: string, start: number, end: number): string {
  const from = Math.max(0, start - CONTEXT_CHARS);
  const to = Math.min(text.length, Math.max(end + CONTEXT_CHARS, from + 1), from + MAX_EXCERPT);
  return `${from > 0 ? '…' : ''}${text.slice(from, to)}${to < text.length ? '…' : ''}`;
}
