/**
 * Turns what a user types into a safe FTS5 MATCH expression: every word becomes a quoted
 * prefix term, so quotes, operators and column filters in the input are plain text, never
 * FTS5 syntax.
 */
export function toFtsQuery(text: string): string | null {
  const terms = text
    .normalize('NFKC')
    .split(/[^\p{L}\p{N}_]+/u)
    .filter((term) => term.length > 0)
    .slice(0, 16);
  if (terms.length === 0) return null;
  return terms.map((term) => `"${term}"*`).join(' ');
}
