/**
 * A control's statement with the organization's parameter values in it. The import keeps the
 * statement as segments (text, and each parameter insert with the catalog's placeholder such as
 * "[Assignment: organization-defined personnel or roles]"); rendering puts a value where the
 * organization set one and the placeholder everywhere else, so with no values the result is the
 * catalog's statement exactly.
 */
export type StatementSegment = string | { p: string; t: string };

function parseTemplate(template: string): StatementSegment[] | null {
  if (!template) return null;
  try {
    const value = JSON.parse(template) as unknown;
    if (!Array.isArray(value)) return null;
    const ok = value.every(
      (s) => typeof s === 'string' || (s && typeof s === 'object' && typeof s.p === 'string' && typeof s.t === 'string'),
    );
    return ok ? (value as StatementSegment[]) : null;
  } catch {
    return null;
  }
}

/** The parameter ids the statement inserts, in order of first appearance. */
export function statementParamIds(template: string): string[] {
  const ids = (parseTemplate(template) ?? []).flatMap((s) => (typeof s === 'string' ? [] : [s.p]));
  return [...new Set(ids)];
}

/**
 * The statement with values set; `fallback` (the catalog statement) when the control has no
 * template (imported by an older version: a re-import of the catalog adds it).
 */
export function renderStatement(template: string, values: Record<string, string>, fallback: string): string {
  const segments = parseTemplate(template);
  if (!segments) return fallback;
  return segments.map((s) => (typeof s === 'string' ? s : values[s.p]?.trim() || s.t)).join('');
}
