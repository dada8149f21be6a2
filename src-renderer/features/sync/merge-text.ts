/**
 * The text side of the policy merge view: which lines each side changed against the common
 * base (for highlighting the three columns), and the conflict-marked starting text for the
 * result. Pure, so it is unit-tested without a browser.
 */
import { diffArrays } from 'diff';
import { merge } from 'node-diff3';

export const linesOf = (text: string): string[] => text.split('\n');

export interface MarkedLine {
  text: string;
  /** Changed against the base: added or rewritten on a side, removed or rewritten in the base. */
  changed: boolean;
}

/** Marks the lines of `from` that `to` removed or rewrote, and the lines of `to` that are new. */
function compare(from: string[], to: string[]): { from: boolean[]; to: boolean[] } {
  const marks = { from: [] as boolean[], to: [] as boolean[] };
  for (const change of diffArrays(from, to)) {
    const count = change.value.length;
    if (change.removed) marks.from.push(...Array<boolean>(count).fill(true));
    else if (change.added) marks.to.push(...Array<boolean>(count).fill(true));
    else {
      marks.from.push(...Array<boolean>(count).fill(false));
      marks.to.push(...Array<boolean>(count).fill(false));
    }
  }
  return marks;
}

/** The three columns, each line marked where that side (or, in the base, either side) changed it. */
export function markColumns(base: string, theirs: string, ours: string) {
  const b = linesOf(base);
  const t = linesOf(theirs);
  const o = linesOf(ours);
  const byTheirs = compare(b, t);
  const byOurs = compare(b, o);
  return {
    base: b.map((text, i): MarkedLine => ({ text, changed: byTheirs.from[i] || byOurs.from[i] })),
    theirs: t.map((text, i): MarkedLine => ({ text, changed: byTheirs.to[i] })),
    ours: o.map((text, i): MarkedLine => ({ text, changed: byOurs.to[i] })),
  };
}

const START = '<<<<<<< yours';
const END = '>>>>>>> theirs';

/**
 * Both edits merged line by line; where they overlap, both versions between conflict markers
 * (`<<<<<<< yours`, `=======`, `>>>>>>> theirs`) for the person to choose from.
 */
export function conflictMarked(base: string, theirs: string, ours: string): string {
  const merged = merge(linesOf(ours), linesOf(base), linesOf(theirs), { label: { a: 'yours', b: 'theirs' } });
  return merged.result.join('\n');
}

/** True while the result still holds a conflict marker the merge view put in. */
export const hasConflictMarkers = (text: string): boolean => linesOf(text).some((line) => line === START || line === END);
